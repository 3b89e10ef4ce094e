#!/usr/bin/env python3
"""A real Modbus-RTU peer for the StationLinux meter tests (pymodbus).

Serves on a serial port (one end of a socat pseudo-terminal pair):
  unit 1: an Eastron SDM630 (float32 input registers, high word first),
  unit 2: a Peacefair PZEM-017 DC meter (integer input registers, low word first).
Other units are silent, as absent slaves on an RS-485 bus are.

Commands on stdin, one per line, change what the meters hold:
  sdm-energy-kwh <value>   set the SDM630 import register (kWh)
  pzem-energy-wh <value>   set the PZEM-017 energy register (Wh)
Prints "ready" once the port is open and serving.
"""

import argparse
import asyncio
import struct
import sys
import threading

from pymodbus import FramerType
from pymodbus.datastore import ModbusDeviceContext, ModbusSequentialDataBlock, ModbusServerContext
from pymodbus.server import ModbusSerialServer


def float_words(value):
    high, low = struct.unpack(">HH", struct.pack(">f", value))
    return [high, low]


def low_first_words(value):
    value = int(value) & 0xFFFFFFFF
    return [value & 0xFFFF, value >> 16]


class Meters:
    """The two meters' register blocks (pymodbus maps protocol address 0 to block address 1)."""

    def __init__(self):
        self.sdm = ModbusSequentialDataBlock(1, [0] * 100)
        self.pzem = ModbusSequentialDataBlock(1, [0] * 8)
        self.set_sdm(0, float_words(230.1))
        self.set_sdm(6, float_words(10.5))
        self.set_sdm(52, float_words(7245.0))
        self.set_sdm(72, float_words(12.5))
        self.set_pzem(0, [4800, 2000] + low_first_words(9600) + low_first_words(1234))

    def set_sdm(self, address, words):
        self.sdm.setValues(address + 1, words)

    def set_pzem(self, address, words):
        self.pzem.setValues(address + 1, words)

    def context(self):
        devices = {
            1: ModbusDeviceContext(ir=self.sdm),
            2: ModbusDeviceContext(ir=self.pzem),
        }
        return ModbusServerContext(devices=devices, single=False)

    def command(self, line):
        words = line.split()
        if len(words) != 2:
            return
        name, value = words[0], float(words[1])
        if name == "sdm-energy-kwh":
            self.set_sdm(72, float_words(value))
        elif name == "pzem-energy-wh":
            self.set_pzem(4, low_first_words(value))
        print("ok", name, value, flush=True)


def read_commands(meters):
    for line in sys.stdin:
        meters.command(line.strip())


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", required=True)
    parser.add_argument("--baudrate", type=int, default=9600)
    arguments = parser.parse_args()
    meters = Meters()
    threading.Thread(target=read_commands, args=(meters,), daemon=True).start()
    server = ModbusSerialServer(
        meters.context(), framer=FramerType.RTU, port=arguments.port, baudrate=arguments.baudrate,
        ignore_missing_devices=True,
    )
    # Announce readiness once the serial server has had time to start serving (generous, for
    # slow machines: a test reads right after "ready").
    asyncio.get_running_loop().call_later(1.0, lambda: print("ready", flush=True))
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
