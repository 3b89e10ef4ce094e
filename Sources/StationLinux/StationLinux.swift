// StationLinux: the real drivers (GPIO through libgpiod, serial ports through libserialport and
// termios, RFID frame decoding, Modbus-RTU energy meters). Being built under issue "Hardware
// abstraction".
