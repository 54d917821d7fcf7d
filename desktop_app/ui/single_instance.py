"""One window per home: a second `critical-friend FILE.cfbundle` (a double-click while the window
is open) hands the file to the running window over a local socket and exits.

The socket's name is derived from the user and the home folder, so two homes (two people on one
machine, or tests running side by side) never meet.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop_app.home import Home

WAIT_MS = 2000


def server_name(home: Home) -> str:
    """The local socket's name for this user and home (a short hash; no path is disclosed)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = ""
    digest = hashlib.sha256(f"{user}\0{home.root}".encode()).hexdigest()[:16]
    return f"critical-friend-{digest}"


def hand_over(home: Home, bundle: Path | None) -> bool:
    """Send `bundle` (or nothing: just come to the front) to the window that has `home` open.
    False when no such window answers."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(home))
    if not socket.waitForConnected(WAIT_MS):
        return False
    socket.write((str(bundle) if bundle is not None else "").encode("utf-8") + b"\n")
    socket.flush()
    sent = socket.waitForBytesWritten(WAIT_MS) or socket.bytesToWrite() == 0
    socket.disconnectFromServer()
    return sent


class InstanceServer(QObject):
    """Listens for a second start on the same home; emits `file_received` with the bundle's path
    (None: bring the window to the front)."""

    file_received = Signal(object)

    def __init__(self, home: Home, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        name = server_name(home)
        # The home lock is ours, so any socket left under this name is a crashed window's.
        QLocalServer.removeServer(name)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self.listening = self._server.listen(name)

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        text = bytes(socket.readLine().data()).decode("utf-8", "replace").strip()
        self.file_received.emit(Path(text) if text else None)

    def close(self) -> None:
        self._server.close()
