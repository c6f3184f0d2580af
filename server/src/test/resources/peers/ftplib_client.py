"""Python ftplib as a Wharf test peer.

usage: ftplib_client.py MODE PORT USER PASSWORD ACTION [ARGS...]
  MODE: explicit | explicit-resume | implicit-resume | explicit-clear
  ACTION: put LOCAL REMOTE | get REMOTE LOCAL | pwd | nlst
The stock FTP_TLS does not resume the control connection's TLS session on data connections;
the -resume modes do (what a server with data-tls-session-reuse=required demands).
"""
import ftplib
import ssl
import sys

import ftplib_session  # beside this script: the implicit-FTPS connect


class ResumingFTP_TLS(ftplib.FTP_TLS):
    def ntransfercmd(self, cmd, rest=None):
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)
        return conn, size


class ImplicitFTP_TLS(ResumingFTP_TLS, ftplib_session.ImplicitFTP_TLS):
    """Implicit FTPS (connect from ftplib_session) whose data connections resume the session."""


def main():
    mode, port, user, password, action = sys.argv[1:6]
    args = sys.argv[6:]
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    cls = {'explicit': ftplib.FTP_TLS, 'explicit-resume': ResumingFTP_TLS,
           'implicit-resume': ImplicitFTP_TLS, 'explicit-clear': ftplib.FTP_TLS}[mode]
    ftp = cls(context=ctx, timeout=30)
    ftp.encoding = 'utf-8'
    ftp.connect('127.0.0.1', int(port))
    if mode.startswith('implicit'):
        ftp._prot_p = True  # MS-FTPS 3.1.5.1: PBSZ 0 and PROT P are assumed, never sent
    ftp.login(user, password)
    if mode == 'explicit-clear':
        # ftplib's prot_c() sends no PBSZ, which RFC 2228 requires before PROT.
        ftp.voidcmd('PBSZ 0')
        ftp.prot_c()
    elif not mode.startswith('implicit'):
        ftp.prot_p()
    if action == 'put':
        with open(args[0], 'rb') as f:
            ftp.storbinary('STOR ' + args[1], f)
    elif action == 'get':
        with open(args[1], 'wb') as f:
            ftp.retrbinary('RETR ' + args[0], f.write)
    elif action == 'pwd':
        print(ftp.pwd())
    elif action == 'nlst':
        print('\n'.join(ftp.nlst()))
    ftp.voidcmd('NOOP')
    ftp.quit()


if __name__ == '__main__':
    main()
