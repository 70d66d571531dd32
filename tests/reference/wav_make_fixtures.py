#!/usr/bin/python3
"""Builds tests/fixtures/audio/*.wav: short cuts of real recordings (header chunks kept byte for byte, sizes fixed up)
and generated files covering each sample format and chunk-layout quirk. Deterministic.

Usage: /usr/bin/python3 tests/reference/wav_make_fixtures.py [/work/shared/data]
The real-recording cuts need the data folder; the generated files do not. Outputs are committed.
"""
import os
import struct
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "audio")
DATA = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"

BASE_GUID_TAIL = bytes([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])


def chunks(raw: bytes):
    """Yields (id, offset of payload, size) for the chunks of a RIFF/WAVE file."""
    assert raw[:4] == b"RIFF" and raw[8:12] == b"WAVE"
    pos = 12
    while pos + 8 <= len(raw):
        cid = raw[pos:pos + 4]
        size = struct.unpack_from("<I", raw, pos + 4)[0]
        yield cid, pos + 8, size
        pos += 8 + size + (size & 1)


def cut(src: str, dst: str, seconds: float):
    """Keeps every chunk before data verbatim (fmt, fact, LIST...), keeps the first `seconds` of data."""
    raw = open(src, "rb").read()
    body = b""
    for cid, off, size in chunks(raw):
        if cid == b"fmt ":
            channels, rate = struct.unpack_from("<HI", raw, off + 2)
            block_align = struct.unpack_from("<H", raw, off + 12)[0]
        if cid == b"data":
            frames = int(round(seconds * rate))
            data = raw[off:off + frames * block_align]
            assert len(data) == frames * block_align
            body += b"data" + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")
            break
        payload = raw[off:off + size]
        if cid == b"fact":  # frame count of the cut, not the original
            payload = struct.pack("<I", int(round(seconds * rate))) + payload[4:]
        body += cid + struct.pack("<I", size) + payload + (b"\0" if size % 2 else b"")
    write(dst, b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body)


def write(name: str, content: bytes):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(content)


def chunk(cid: bytes, payload: bytes) -> bytes:
    return cid + struct.pack("<I", len(payload)) + payload + (b"\0" if len(payload) % 2 else b"")


def fmt(tag, channels, rate, bits):
    block_align = channels * bits // 8
    return struct.pack("<HHIIHH", tag, channels, rate, rate * block_align, block_align, bits)


def extensible(subtag, channels, rate, bits, mask):
    return fmt(0xFFFE, channels, rate, bits) + struct.pack("<HHI", 22, bits, mask) + struct.pack("<H", subtag) + BASE_GUID_TAIL


def test_signal(frames, channels, seed):
    """Sines plus noise in [-1, 1], with the first frames pinned at the extremes so clipping/sign bugs show."""
    rng = np.random.default_rng(seed)
    t = np.arange(frames) / 16000.0
    x = np.stack([0.6 * np.sin(2 * np.pi * (440 + 110 * c) * t) + 0.2 * rng.uniform(-1, 1, frames)
                  for c in range(channels)], axis=1)
    x[0, :] = -1.0
    x[1, :] = 1.0
    x[2, :] = 0.0
    return x


def pcm_bytes(x, bits):
    scale = 2 ** (bits - 1)
    q = np.clip(np.round(x * scale), -scale, scale - 1).astype(np.int64).reshape(-1)
    if bits == 8:
        return (q + 128).astype(np.uint8).tobytes()
    if bits == 16:
        return q.astype("<i2").tobytes()
    if bits == 24:
        u = (q & 0xFFFFFF).astype(np.uint32)
        return np.stack([u & 0xFF, (u >> 8) & 0xFF, (u >> 16) & 0xFF], axis=1).astype(np.uint8).tobytes()
    return q.astype("<i4").tobytes()


def riff(body: bytes, magic=b"RIFF") -> bytes:
    return magic + struct.pack("<I", 4 + len(body)) + b"WAVE" + body


def main():
    os.makedirs(OUT, exist_ok=True)
    if os.path.isdir(DATA):
        cut(os.path.join(DATA, "dcase2023-valve-source/normal/section_00_source_test_normal_0000_pat_01.wav"),
            "valve_16k_mono_pcm16_1s.wav", 1.0)
        cut(os.path.join(DATA, "mimii-8ch-fan/normal/id_00_00000000.wav"), "mimii_fan_8ch_extensible_0.25s.wav", 0.25)
        cut(os.path.join(DATA, "bldc-motor-m1/normal/M1_healthy_1400rpm.wav"), "bldc_44k1_stereo_pcm16_0.5s.wav", 0.5)

    rate = 16000
    x = test_signal(600, 2, 1)
    write("pcm24_stereo.wav", riff(chunk(b"fmt ", fmt(1, 2, rate, 24)) + chunk(b"data", pcm_bytes(x, 24))))
    x = test_signal(500, 1, 2)
    write("pcm32_mono.wav", riff(chunk(b"fmt ", fmt(1, 1, rate, 32)) + chunk(b"data", pcm_bytes(x, 32))))
    x = test_signal(400, 2, 3).astype("<f4")
    write("float32_stereo.wav", riff(chunk(b"fmt ", fmt(3, 2, rate, 32) + b"\0\0") + chunk(b"fact", struct.pack("<I", 400))
                                     + chunk(b"data", x.tobytes())))
    x = test_signal(300, 1, 4).astype("<f8")
    write("float64_mono.wav", riff(chunk(b"fmt ", fmt(3, 1, rate, 64) + b"\0\0") + chunk(b"fact", struct.pack("<I", 300))
                                   + chunk(b"data", x.tobytes())))
    # 801 one-byte frames: an odd data chunk, so the file ends with a pad byte.
    x = test_signal(801, 1, 5)
    write("pcm8_mono_odd.wav", riff(chunk(b"fmt ", fmt(1, 1, 8000, 8)) + chunk(b"data", pcm_bytes(x, 8))))
    x = test_signal(300, 3, 6).astype("<f4")
    write("extensible_float32_3ch.wav", riff(chunk(b"fmt ", extensible(3, 3, rate, 32, 0x7)) + chunk(b"data", x.tobytes())))
    x = test_signal(333, 1, 7)
    write("extensible_pcm24_mono.wav", riff(chunk(b"fmt ", extensible(1, 1, rate, 24, 0x4)) + chunk(b"data", pcm_bytes(x, 24))))
    # Odd-sized unknown chunks (with pad bytes) before and after fmt, bext/LIST, and chunks plus junk after data.
    x = test_signal(250, 1, 8)
    body = (chunk(b"abcd", b"xyz") + chunk(b"fmt ", fmt(1, 1, rate, 16)) + chunk(b"bext", b"\x01" * 7)
            + chunk(b"LIST", b"INFOISFT\x05\x00\x00\x00test\x00") + chunk(b"data", pcm_bytes(x, 16))
            + chunk(b"LIST", b"INFOICMT\x03\x00\x00\x00ok\x00"))
    write("odd_chunks_pcm16.wav", riff(body) + b"\x07\x07\x07")
    # RF64: 32-bit size fields are 0xFFFFFFFF, the ds64 chunk holds the real ones.
    x = test_signal(200, 2, 9)
    data = pcm_bytes(x, 16)
    fmt_c = chunk(b"fmt ", fmt(1, 2, rate, 16))
    riff_size = 4 + 36 + len(fmt_c) + 8 + len(data)
    ds64 = chunk(b"ds64", struct.pack("<QQQI", riff_size, len(data), 200, 0))
    write("rf64_pcm16_stereo.wav", b"RF64" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE" + ds64 + fmt_c
          + b"data" + struct.pack("<I", 0xFFFFFFFF) + data)
    # An empty but valid file: zero frames.
    write("empty_pcm16.wav", riff(chunk(b"fmt ", fmt(1, 1, rate, 16)) + chunk(b"data", b"")))


main()
