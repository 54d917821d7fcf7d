"""The main window: navigation at the left, the current screen at the right, a status bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.app.changes import Changed
from desktop_app.app.settings import head_revision, home_council_name
from desktop_app.ui.resources import icon
from desktop_app.ui.screens import SCREENS
from desktop_app.ui.screens.base import Screen
from desktop_app.ui.services import AppServices


class MainWindow(QMainWindow):
    def __init__(self, services: AppServices) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(QSize(960, 600))
        self._screens: dict[int, Screen] = {}

        self.navigation = QListWidget()
        self.navigation.setObjectName("NavigationList")
        self.navigation.setAccessibleName("Navigation")
        self.navigation.setIconSize(QSize(20, 20))
        self.navigation.setFixedWidth(230)
        for index, spec in enumerate(SCREENS):
            item = QListWidgetItem(icon(spec.icon), spec.title.replace("&&", "&"))
            item.setToolTip(f"{spec.title.replace('&&', '&')} (Ctrl+{index + 1})")
            self.navigation.addItem(item)
        self.stack = QStackedWidget()
        for _ in SCREENS:
            self.stack.addWidget(QWidget())
        self.navigation.currentRowChanged.connect(self.show_screen)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        title = QLabel(APP_NAME)
        title.setObjectName("AppTitle")
        council = QLabel(home_council_name(services.context) or "No council set")
        council.setObjectName("AppSubtitle")
        side_layout.addWidget(title)
        side_layout.addWidget(council)
        side_layout.addWidget(self.navigation, 1)
        self.council_label = council

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self.statusBar().showMessage("")
        self.home_label = QLabel(f"Data: {services.home.database}  ·  schema {head_revision()}")
        self.home_label.setAccessibleName("Open data folder")
        self.statusBar().addPermanentWidget(self.home_label)
        services.changed.connect(self._refresh_council)

        self._settings = QSettings(str(services.home.ui_settings), QSettings.Format.IniFormat)
        self._restore_geometry()

    # screens -------------------------------------------------------------------------------
    def show_screen(self, index: int) -> Screen:
        if index not in self._screens:
            screen = SCREENS[index].build(self.services)
            placeholder = self.stack.widget(index)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.insertWidget(index, screen)
            self._screens[index] = screen
        self.stack.setCurrentIndex(index)
        if self.navigation.currentRow() != index:
            self.navigation.setCurrentRow(index)
        return self._screens[index]

    def show_screen_by_key(self, key: str) -> Screen:
        return self.show_screen(next(i for i, spec in enumerate(SCREENS) if spec.key == key))

    def current_screen(self) -> Screen:
        return self._screens[self.stack.currentIndex()]

    def _refresh_council(self, _changed: Changed) -> None:
        self.council_label.setText(home_council_name(self.services.context) or "No council set")

    # menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        go_menu = self.menuBar().addMenu("&Go")
        for index, spec in enumerate(SCREENS):
            action = QAction(spec.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.show_screen(i))
            go_menu.addAction(action)

        help_menu = self.menuBar().addMenu("&Help")
        shortcuts = QAction("&Keyboard shortcuts", self)
        shortcuts.setShortcut(QKeySequence(Qt.Key.Key_F1))
        shortcuts.triggered.connect(self._show_shortcuts)
        help_menu.addAction(shortcuts)
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._show_about)
        help_menu.addAction(about)

    def _show_shortcuts(self) -> None:
        from desktop_app.ui.dialogs import show_shortcuts

        show_shortcuts(self)

    def _show_about(self) -> None:
        from desktop_app.ui.dialogs import show_about

        show_about(self, self.services.home)

    # geometry ------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self._settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        last = self._settings.value("window/screen", 0)
        try:
            index = int(str(last))
        except ValueError:
            index = 0
        self.show_screen(index if 0 <= index < len(SCREENS) else 0)

    def save_state(self) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/screen", self.stack.currentIndex())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
