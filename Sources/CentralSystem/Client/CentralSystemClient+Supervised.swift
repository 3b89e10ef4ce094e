// The WebSocket client as the link a `StationSupervisor` boots and reboots stations on.

public import StationCore

extension CentralSystemClient: SupervisedLink {}
