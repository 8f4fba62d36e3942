"""Writing files so that readers never see half of one: the last good version stays until the new one is whole."""

import contextlib
import hashlib
import os
import secrets
from pathlib import Path


def write_files_atomically(contents: dict[Path, bytes], durable: bool = True) -> None:
    """Write several files so that either all are replaced or none is.

    Each file is written to a temporary sibling, flushed to disk, then renamed over its target;
    on any error (disk full, read-only folder, Ctrl-C) the temporary files are removed. Files get
    the permissions the umask gives any new file (mkstemp's 0600 would hide briefs from others).
    ``durable=False`` skips the flush to disk, for caches whose readers check every file anyway.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in contents.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
            staged.append((temporary, target))  # before it exists: an interrupt at any moment leaves nothing behind
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                if durable:
                    stream.flush()
                    os.fsync(stream.fileno())
        for temporary, target in staged:
            os.replace(temporary, target)
    finally:
        for temporary, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()


def sha256_of_bytes(data: bytes) -> str:
    """Hex sha256 of some bytes.

    >>> sha256_of_bytes(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()
