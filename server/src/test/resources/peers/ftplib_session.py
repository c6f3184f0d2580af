"""One FTPS session with Python's ftplib, for Wharf's tests.

Usage: python3 ftplib_session.py explicit|implicit HOST PORT USER PASSWORD

Logs in, protects data (PBSZ 0, PROT P), asks PWD, sends NOOP and quits, printing one line per
step. Exits non-zero on the first error. The certificate is self-signed, so it is not verified.
"""
import ftplib
import socket
import ssl
import sys


class ImplicitFTP_TLS(ftplib.FTP_TLS):
    """Implicit FTPS: TLS starts right after the TCP connect, before the greeting (MS-FTPS 3.2.5.1)."""

    def connect(self, host, port, timeout=10):
        self.host, self.port, self.timeout = host, port, timeout
        raw = socket.create_connection((host, port), timeout)
        self.sock = self.context.wrap_socket(raw, server_hostname=host)
        self.af = self.sock.family
        self.file = self.sock.makefile("r", encoding=self.encoding)
        self.welcome = self.getresp()
        return self.welcome


def main(mode, host, port, user, password):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    ftp = (ImplicitFTP_TLS if mode == "implicit" else ftplib.FTP_TLS)(context=context, timeout=10)
    print("connect:", ftp.connect(host, int(port)))
    print("tls before login:", isinstance(ftp.sock, ssl.SSLSocket))
    print("login:", ftp.login(user, password))  # explicit: AUTH TLS first; implicit: already TLS
    print("tls:", ftp.sock.version())
    print("prot_p:", ftp.prot_p())
    print("pwd:", ftp.pwd())
    print("noop:", ftp.voidcmd("NOOP"))
    print("quit:", ftp.quit())


if __name__ == "__main__":
    try:
        main(*sys.argv[1:])
    except ftplib.all_errors as e:
        print("error:", type(e).__name__, e)
        sys.exit(1)
