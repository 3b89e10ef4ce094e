// StationTesting: test support shared by the test targets (a manual clock, an in-process CSMS
// double, a loopback transport, fixtures). Never linked into the executable.
