// StationHAL: one protocol per device (plug sense, lock, contactor, DC power module, energy meter,
// emergency stop, RFID reader, indicators) and a simulated backend for each, including an EV
// model. No Linux libraries here. Being built under issue "Hardware abstraction".
