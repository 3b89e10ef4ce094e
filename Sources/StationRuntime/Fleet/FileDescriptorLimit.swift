// The process's open-file limit (RLIMIT_NOFILE): a fleet raises its soft limit to the hard one
// and checks up front that its stations fit, instead of failing half-way through connecting.

#if canImport(Glibc)
import Glibc
#endif

/// Raising and checking the open-file limit. Call from any isolation.
public enum FileDescriptorLimit {
    /// Descriptors the process needs besides one socket per station: standard streams, the store
    /// and its WAL, the event loops, the control API and its clients.
    public static let reserve = 128

    /// Raises the soft limit as far as the hard limit allows and returns the limit now in force.
    public static func raise() -> Int {
        #if canImport(Glibc)
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return limit.rlim_cur >= rlim_t(Int.max) ? Int.max : Int(limit.rlim_cur)
        #else
        return 1024
        #endif
    }

    /// Raises the limit and throws, saying how many stations fit, when `stations` do not.
    public static func ensure(stations: Int) throws(FleetError) {
        let limit = raise()
        let fitting = max(0, limit - reserve)
        guard stations <= fitting else {
            throw FleetError(
                "the open-file limit is \(limit) (hard limit reached): \(stations) stations need \(stations + reserve); \(fitting) fit. "
                    + "Raise it (ulimit -n, LimitNOFILE=, or the container's nofile ulimit) or run fewer stations per process with --shard"
            )
        }
    }
}
