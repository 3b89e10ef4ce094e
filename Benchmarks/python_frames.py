#!/usr/bin/env python3
"""The peer's cost of a frame, for instruction counts under callgrind: decodes (unpack and schema
validation, as the python `ocpp` package does on receipt) and encodes (to_json) the same two
frames as `ocpp-bench --frames N`, N times in all. Usage: python_frames.py N
"""
import sys

from ocpp.messages import _validate_payload, unpack

FRAMES = [
    '[2,"b0a1-1","MeterValues",{"connectorId":1,"transactionId":1234567,"meterValue":[{"timestamp":"2026-11-21T10:15:30.123Z","sampledValue":['
    + ",".join(
        f'{{"value":"{value}","context":"Sample.Periodic","measurand":"{measurand}","location":"Outlet","unit":"{unit}"}}'
        for measurand, unit, value in [
            ("Energy.Active.Import.Register", "Wh", "15320.5"), ("Power.Active.Import", "W", "49800"), ("Current.Import", "A", "120.4"),
            ("Voltage", "V", "413.7"), ("SoC", "Percent", "64"), ("Power.Offered", "W", "50000"), ("Current.Offered", "A", "125"),
            ("Temperature", "Celsius", "31.5"), ("Energy.Active.Import.Interval", "Wh", "412"), ("Frequency", "Hertz", "50.0"),
        ]
    )
    + "]}]}]",
    '[2,"b0a1-2","StartTransaction",{"connectorId":2,"idTag":"04A1B2C3D4E5F6","meterStart":15320,"reservationId":7,"timestamp":"2026-11-21T10:15:30.123Z"}]',
]

count = int(sys.argv[1])
total = 0
for index in range(count):
    message = unpack(FRAMES[index % 2])
    _validate_payload(message, "1.6")
    total += len(message.to_json())
print(total)
