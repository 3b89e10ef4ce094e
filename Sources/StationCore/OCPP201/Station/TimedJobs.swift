// The timer and the running job a 2.0.1 service (firmware, log upload) keeps, and how both stop.

/// A service's one timer and one running job, numbered so that a replaced job's report is dropped.
protocol TimedJobs {
    var timer: Task<Void, Never>? { get set }
    var job: Task<Void, Never>? { get set }
    /// Numbers the jobs; a job's report carries its number.
    var jobNumber: Int { get set }
}

extension TimedJobs {
    /// Stops the timer and the running job; a report of the stopped job is dropped.
    mutating func cancel() {
        timer?.cancel()
        job?.cancel()
        timer = nil
        job = nil
        jobNumber += 1
    }
}
