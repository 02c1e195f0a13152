"""Qt in the user's language: its own strings, its number and date formats, its direction.

trayapp's strings come from :mod:`trayapp.core.i18n`; Qt's own (the standard buttons'
"Cancel", a line edit's context menu, a key sequence's "Ctrl") from Qt's catalogue for the
same language, ``qtbase_<language>.qm`` in Qt's translations folder. :func:`speak` installs
it, and makes the language's locale Qt's default, so that spin boxes and Qt's dates write
numbers as the rest of trayapp does. Under the pseudo-locale Qt's strings are marked too.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication

from trayapp.core.i18n import ENGLISH, MARK_CLOSE, MARK_OPEN, PSEUDO, Language, language

__all__ = ["PseudoTranslator", "speak"]


class PseudoTranslator(QTranslator):
    """Qt's own strings, marked as the pseudo-locale marks trayapp's."""

    def translate(
        self,
        context: str,
        sourceText: str,  # noqa: N803 - Qt's name, which a caller may pass by keyword
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        """Qt's ``sourceText``, between the pseudo-locale's marks."""
        if not sourceText.strip():
            return None
        return f"{MARK_OPEN}{sourceText}{MARK_CLOSE}"

    def isEmpty(self) -> bool:
        """Never: Qt asks only translators that have something."""
        return False


def speak(app: QCoreApplication, spoken: Language | None = None) -> QTranslator | None:
    """Make ``app`` speak ``spoken`` (default: :func:`~trayapp.core.i18n.language`).

    Sets Qt's default locale and the layout direction its script reads in, and installs Qt's
    own catalogue for the language, when Qt has one.

    Returns:
        The translator installed (``app.removeTranslator`` takes it back), or None for
        English or a language Qt has no catalogue for.
    """
    spoken = spoken or language()
    locale = QLocale(spoken.locale)
    QLocale.setDefault(locale)
    if isinstance(app, QGuiApplication):
        app.setLayoutDirection(locale.textDirection())
    translator: QTranslator
    if spoken.catalogue == PSEUDO:
        translator = PseudoTranslator(app)
    elif spoken.catalogue == ENGLISH:
        return None
    else:
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(locale, "qtbase", "_", folder):
            return None
    app.installTranslator(translator)
    return translator
