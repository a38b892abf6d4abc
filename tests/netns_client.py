"""FTP client run inside the lab's client namespace (``ip netns exec``); standard library only.

Prints one JSON object: ``greeting`` (the control connection worked), ``login``, and ``data``:
the bytes of the RETR in ``--mode`` (pasv or port), or an ``error`` naming what failed.  The data
connection has its own short timeout, so a port the firewall drops shows up as a timeout.
"""

from __future__ import annotations

import argparse
import ftplib
import json
import socket
import ssl
import sys
import time


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, default=21)
    parser.add_argument("--mode", choices=("pasv", "port"), default="pasv")
    parser.add_argument("--tls", action="store_true", help="explicit FTPS: AUTH TLS, then PROT P")
    parser.add_argument("--retr", default="hello.txt")
    parser.add_argument("--timeout", type=float, default=4.0, help="for each connection attempt")
    parser.add_argument("--wait", type=float, default=0.0, help="retry the control connection this long")
    args = parser.parse_args(argv)

    result: dict[str, object] = {"greeting": False, "login": False}
    ftp: ftplib.FTP
    if args.tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the lab's throwaway self-signed certificate
        ftp = ftplib.FTP_TLS(context=context, timeout=args.timeout)
    else:
        ftp = ftplib.FTP(timeout=args.timeout)
    deadline = time.monotonic() + args.wait
    while True:
        try:
            result["welcome"] = ftp.connect(args.host, args.port)
            break
        except OSError as exc:
            if time.monotonic() >= deadline:
                result["error"] = f"control connection: {exc!r}"
                print(json.dumps(result))
                return 1
            time.sleep(0.1)
    result["greeting"] = True
    try:
        if isinstance(ftp, ftplib.FTP_TLS):
            ftp.auth()
            ftp.login()
            ftp.prot_p()
        else:
            ftp.login()
        result["login"] = True
        ftp.set_pasv(args.mode == "pasv")
        chunks: list[bytes] = []
        ftp.retrbinary(f"RETR {args.retr}", chunks.append)
        result["data"] = b"".join(chunks).decode("latin-1")
    except (ftplib.Error, OSError, EOFError) as exc:
        kind = "timeout" if isinstance(exc, (socket.timeout, TimeoutError)) else type(exc).__name__
        result["error"] = f"{kind}: {exc}"
    finally:
        ftp.close()
    print(json.dumps(result))
    return 0 if "data" in result else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
