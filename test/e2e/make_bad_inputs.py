#!/usr/bin/python3
"""Writes good and bad inputs for the kiln-run error tests.

Usage: make_bad_inputs.py GOOD.kbin OUTDIR
Writes into OUTDIR: x.npy y.npy (good f32 2x3), x_shape.npy (3x2),
x_dtype.npy (f64), x.pb (ONNX TensorProto of x), garbage.npy, and
corrupt_blob.kbin, corrupt_manifest.kbin, truncated.kbin, v2.kbin (major
version 2 with a valid header checksum), empty.kbin.
"""
import os
import struct
import sys
import zlib

import numpy as np
from onnx import numpy_helper

good, out = sys.argv[1], sys.argv[2]
x = np.arange(6, dtype=np.float32).reshape(2, 3)
np.save(os.path.join(out, "x.npy"), x)
np.save(os.path.join(out, "y.npy"), np.full((2, 3), 0.5, np.float32))
np.save(os.path.join(out, "x_shape.npy"), x.reshape(3, 2))
np.save(os.path.join(out, "x_dtype.npy"), x.astype(np.float64))
with open(os.path.join(out, "x.pb"), "wb") as f:
    f.write(numpy_helper.from_array(x, "x").SerializeToString())
with open(os.path.join(out, "garbage.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00garbage")

data = bytearray(open(good, "rb").read())
blobs_offset = struct.unpack_from("<Q", data, 32)[0]
manifest_offset = struct.unpack_from("<Q", data, 16)[0]


def write(name, payload):
    with open(os.path.join(out, name), "wb") as f:
        f.write(payload)


bad = bytearray(data)
bad[blobs_offset + 2] ^= 0xFF
write("corrupt_blob.kbin", bad)
bad = bytearray(data)
bad[manifest_offset + 10] ^= 0x01
write("corrupt_manifest.kbin", bad)
write("truncated.kbin", data[: len(data) // 2])
bad = bytearray(data)
struct.pack_into("<H", bad, 8, 2)
struct.pack_into("<I", bad, 56, zlib.crc32(bytes(bad[:56])))
write("v2.kbin", bad)
write("empty.kbin", b"")
