// StationCore: the station's behaviour (the Station actor, connector state machines, transactions,
// authorization, configuration keys, smart charging, reservations, metering) and the ports it
// needs. Nothing here opens a socket, a file or a device. Being built under issue "Core profile".
