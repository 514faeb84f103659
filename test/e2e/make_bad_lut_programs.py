#!/usr/bin/python3
"""Writes lut-tc .kbin files whose device programs are malformed.

Usage: make_bad_lut_programs.py GOOD.kbin OUTDIR

Each output is a well-formed container (checksums recomputed) holding one
broken instruction stream, so the error comes from the program validator or
the simulator, not from the container checks:
  bad_opcode.kbin     the first instruction of core 0 has opcode 0x7f
  bad_register.kbin   a SETI writes r16
  smem_range.kbin     a LOAD writes past the end of shared memory
  acc_overflow.kbin   an LMMA names accumulator tile 999
  no_halt.kbin        core 0's stream does not end with HALT
  loop_depth.kbin     LOOPs nested five deep
Container layout: docs/format/kbin.md; program layout: docs/isa/lut-tc.md.
"""
import json
import os
import struct
import sys
import zlib

good, out = sys.argv[1], sys.argv[2]
data = open(good, "rb").read()
manifest_off, manifest_size, blobs_off, blobs_size = struct.unpack_from(
    "<QQQQ", data, 16)
manifest = json.loads(data[manifest_off:manifest_off + manifest_size])
blob_section = bytearray(data[blobs_off:blobs_off + blobs_size])

# The first mpgemm step's program (it has LOAD, LMMA and EPI instructions).
step = next(s for s in manifest["program"]
            if s.get("kind") == "device" and s.get("op") == "mpgemm")
blob_index = step["program"]
blob = manifest["blobs"][blob_index]


def program_bytes(section):
    return bytearray(section[blob["offset"]:blob["offset"] + blob["size"]])


def instructions(prog):
    """(core, first byte offset, count) of each core's stream."""
    num_cores = struct.unpack_from("<I", prog, 12)[0]
    base = 32 + 16 * num_cores
    for c in range(num_cores):
        first, count = struct.unpack_from("<QQ", prog, 32 + 16 * c)
        yield c, base + 32 * first, count


def write(name, prog):
    section = bytearray(blob_section)
    section[blob["offset"]:blob["offset"] + blob["size"]] = prog
    m = json.loads(json.dumps(manifest))
    m["blobs"][blob_index]["crc32"] = zlib.crc32(bytes(prog))
    text = json.dumps(m, separators=(",", ":")).encode()
    blobs_at = (64 + len(text) + 63) // 64 * 64
    header = bytearray(64)
    header[0:16] = data[0:16]
    struct.pack_into("<QQQQ", header, 16, 64, len(text), blobs_at, len(section))
    struct.pack_into("<I", header, 48, zlib.crc32(text))
    struct.pack_into("<I", header, 56, zlib.crc32(bytes(header[:56])))
    with open(os.path.join(out, name), "wb") as f:
        f.write(header + text + b"\0" * (blobs_at - 64 - len(text)) + section)


def first(prog, opcode):
    for _, at, count in instructions(prog):
        for i in range(count):
            if prog[at + 32 * i] == opcode:
                return at + 32 * i
    raise SystemExit("no instruction with opcode 0x%02x" % opcode)


core0 = next(instructions(program_bytes(blob_section)))

prog = program_bytes(blob_section)
prog[core0[1]] = 0x7F
write("bad_opcode.kbin", prog)

prog = program_bytes(blob_section)
at = first(prog, 0x01)  # SETI: x = rd
struct.pack_into("<H", prog, at + 2, 16)
write("bad_register.kbin", prog)

prog = program_bytes(blob_section)
at = first(prog, 0x10)  # LOAD: f0 = destination reg+off
struct.pack_into("<I", prog, at + 4, 0x0FFFFF00)
write("smem_range.kbin", prog)

prog = program_bytes(blob_section)
at = first(prog, 0x30)  # LMMA: f0 = accumulator tile
struct.pack_into("<I", prog, at + 4, 999)
write("acc_overflow.kbin", prog)

prog = program_bytes(blob_section)
_, at, count = core0
prog[at + 32 * (count - 1)] = 0x00  # HALT -> NOP
write("no_halt.kbin", prog)

prog = program_bytes(blob_section)
_, at, count = core0
for i in range(5):  # LOOP 2 x5 ... (the stream's own ENDLs do not balance)
    prog[at + 32 * i:at + 32 * (i + 1)] = struct.pack("<BBHIIIIIII", 0x03, 0, 0, 2, 0, 0, 0, 0, 0, 0)
write("loop_depth.kbin", prog)
