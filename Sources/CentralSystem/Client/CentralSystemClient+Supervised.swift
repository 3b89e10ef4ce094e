// The WebSocket client as the link a `StationSupervisor` boots and reboots stations on.

public import StationCore

extension LinkClient: SupervisedLink where V == OCPP16Link {}
