// StationRuntime: reads the YAML station configuration, selects device backends, wires the
// station, runs its services and serves the control API. Being built under issue "Simulated mode".
