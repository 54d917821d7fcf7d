"""The yardstick for cold start: a bare PySide6 main window, shown, then closed (like --smoke-test)."""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("Critical Friend"))
window.resize(1280, 800)
window.show()
app.processEvents()
QTimer.singleShot(0, window.close)
sys.exit(app.exec())
