#!/usr/bin/env python3
"""Retarget the glibc symbol versions that a shared library needs but this machine's glibc lacks to the library's own
baseline glibc version need (GLIBC_2.2.5 on x86-64).

Usage: retarget_glibc_versions.py IN OUT PROVIDED_SYMBOL...

The dynamic loader refuses to load a library whose version-needs entries name a glibc version the system libc does not
define ("version `GLIBC_2.38' not found"). This copies IN to OUT with each such entry's name and hash pointed at the
baseline version the library already needs from the same libc (no string is changed, no entry added or removed), after
checking that every undefined symbol bound to such an entry is in PROVIDED_SYMBOL: the functions that the compat shim
defines, which run.sh preloads. Those symbols are then bound, at first call, to the shim's unversioned definitions (the
system libc has none). If any other symbol needs a newer glibc, it stops with an error instead of writing OUT.
(Flagging the entries weak, VER_FLG_WEAK, would also load, but the loader then warns in every process.)
"""
import os
import re
import struct
import sys

SHT_DYNSYM = 11
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF
BASELINE = "GLIBC_2.2.5"


def cstr(data, offset):
    return data[offset:data.index(b"\0", offset)].decode()


def elf_hash(name):
    h = 0
    for c in name.encode():
        h = ((h << 4) + c) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h


def version_tuple(text):
    return tuple(int(part) for part in text.split("."))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    src, dst, provided = sys.argv[1], sys.argv[2], set(sys.argv[3:])
    system = version_tuple(os.confstr("CS_GNU_LIBC_VERSION").split()[1])
    data = bytearray(open(src, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit(f"{src}: not a little-endian ELF64 file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = []
    for i in range(shnum):
        _name, sh_type, _flags, _addr, offset, size, link, _info, _align, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", data, shoff + i * shentsize)
        sections.append((sh_type, offset, size, link, entsize))

    def section(kind):
        found = [s for s in sections if s[0] == kind]
        if len(found) != 1:
            sys.exit(f"{src}: expected one section of type {kind:#x}, found {len(found)}")
        return found[0]

    _, vn_off, _, vn_link, _ = section(SHT_GNU_VERNEED)
    strtab = sections[vn_link][1]
    retargeted = {}
    entry = vn_off
    while True:
        _ver, count, file_name, aux, nxt = struct.unpack_from("<HHIII", data, entry)
        library = cstr(data, strtab + file_name)
        auxes = []
        a = entry + aux
        for _ in range(count):
            _hash, _flags, other, name, anext = struct.unpack_from("<IHHII", data, a)
            auxes.append((a, other, name, cstr(data, strtab + name)))
            a += anext
        newer = [x for x in auxes
                 if re.fullmatch(r"GLIBC_\d+(\.\d+)+", x[3]) and version_tuple(x[3][6:]) > system]
        if newer:
            baseline = [x for x in auxes if x[3] == BASELINE]
            if not baseline:
                sys.exit(f"{src}: needs {newer[0][3]} from {library} but no {BASELINE} to retarget it to")
            for offset, other, _name, version in newer:
                struct.pack_into("<I", data, offset, elf_hash(BASELINE))
                struct.pack_into("<I", data, offset + 8, baseline[0][2])
                retargeted[other] = f"{version} ({library})"
        if nxt == 0:
            break
        entry += nxt

    _, sym_off, sym_size, sym_link, sym_entsize = section(SHT_DYNSYM)
    _, versym_off, _, _, _ = section(SHT_GNU_VERSYM)
    dynstr = sections[sym_link][1]
    needing = {}
    for i in range(sym_size // sym_entsize):
        st_name, _info, _other, shndx = struct.unpack_from("<IBBH", data, sym_off + i * sym_entsize)
        index = struct.unpack_from("<H", data, versym_off + 2 * i)[0] & 0x7FFF
        if index in retargeted and shndx == 0:
            needing[cstr(data, dynstr + st_name)] = retargeted[index]

    for name, version in sorted(needing.items()):
        print(f"  {name}@{version}: {'provided by the compat shim' if name in provided else 'NOT PROVIDED'}")
    missing = sorted(set(needing) - provided)
    if missing:
        sys.exit(f"{src}: needs {', '.join(missing)} from a glibc newer than {'.'.join(map(str, system))}; "
                 "add them to compat/glibc238_compat.c")
    with open(dst, "wb") as out:
        out.write(data)
    print(f"retargeted {len(retargeted)} version need(s) newer than glibc {'.'.join(map(str, system))} to {BASELINE}: "
          f"{', '.join(sorted(retargeted.values())) or 'none'}")


if __name__ == "__main__":
    main()
