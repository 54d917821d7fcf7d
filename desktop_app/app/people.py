"""Who is doing this: the person's name and council, for every note, answer and action.

Taken from the signing identity (``keys/identity.json``: the name and council a peer sees on
every signed bundle), else the remembered current user and the home council. Never "Me".
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from desktop_app.app.context import AppContext


@dataclass(frozen=True)
class PersonName:
    """A person as others read them: "Priya Lambert, Midthorpe Council"."""

    name: str
    council: str

    @property
    def label(self) -> str:
        """Name and council joined with a comma; the council alone is left out when unknown."""
        return f"{self.name}, {self.council}" if self.council else self.name


def current_person(ctx: AppContext) -> PersonName:
    """The person using this home: the signing identity's name and council when there is one,
    else the remembered user name (Keys & settings) or the login name, with the home council."""
    from desktop_app.exchange.keys import KeyStoreError
    from desktop_app.exchange.public_identity import read_public_identity

    try:
        identity = read_public_identity(ctx.home.root)
    except KeyStoreError:
        identity = None
    if identity is not None and identity.name.strip():
        return PersonName(identity.name.strip(), identity.org.strip())
    from desktop_app.store.repositories.organisations import home_organisation
    from desktop_app.store.repositories.settings import CURRENT_USER, get_setting

    with ctx.database.session() as session:
        home = home_organisation(session)
        remembered = str(get_setting(session, CURRENT_USER, "") or "").strip()
    return PersonName(remembered or getpass.getuser(), home.name if home else "")
