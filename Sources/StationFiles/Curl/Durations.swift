// Durations as libcurl's options take them (whole milliseconds or seconds, rounded up).

/// Converts a duration to whole milliseconds, rounding up so that a positive duration never
/// becomes 0 (which libcurl reads as "no limit").
func wholeMilliseconds(_ duration: Duration) -> Int {
    guard duration > .zero else { return 0 }
    let (seconds, attoseconds) = duration.components
    let fraction = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int(seconds) * 1000 + Int(fraction)
}

/// Converts a duration to whole seconds, rounding up, at least 1 for a positive duration.
func wholeSeconds(_ duration: Duration) -> Int {
    let milliseconds = wholeMilliseconds(duration)
    return (milliseconds + 999) / 1000
}
