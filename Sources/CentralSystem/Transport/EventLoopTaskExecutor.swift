// A task executor on one NIO event loop: a station whose tasks prefer it (`StationTask.executor`)
// runs its actors on the thread that reads and writes its socket, and its WebSocket is opened on
// that loop, so no frame is handed from one thread to another on its way through the station.

import NIOCore
import NIOPosix
import StationHAL

/// Runs task jobs on one event loop of the process's group. Safe to use from any isolation.
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The event loop the jobs run on (and the station's connections are opened on).
    let loop: any EventLoop

    private init(_ loop: any EventLoop) {
        self.loop = loop
    }

    /// An executor on the next event loop of the process's group.
    public static func next() -> EventLoopTaskExecutor {
        EventLoopTaskExecutor(MultiThreadedEventLoopGroup.singleton.next())
    }

    /// The event loop of the executor the current task's station prefers, if it is one.
    static var preferredLoop: (any EventLoop)? {
        (StationTask.executor as? EventLoopTaskExecutor)?.loop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
