"""Councils and the people who work in them."""

from __future__ import annotations

from sqlmodel import Session, col, select

from desktop_app.store.models import Organisation, Person


def home_organisation(session: Session) -> Organisation | None:
    return session.exec(select(Organisation).where(col(Organisation.is_home).is_(True))).first()


def organisation_by_name(session: Session, name: str) -> Organisation | None:
    return session.exec(select(Organisation).where(Organisation.name == name)).first()


def ensure_organisation(
    session: Session, name: str, *, short_name: str = "", region: str = "", is_home: bool = False
) -> Organisation:
    """The organisation of that name, created if new. Only one can be the home council."""
    organisation = organisation_by_name(session, name)
    if organisation is None:
        organisation = Organisation(name=name, short_name=short_name or name, region=region)
        session.add(organisation)
    if is_home:
        for other in session.exec(select(Organisation).where(col(Organisation.is_home).is_(True))):
            if other.name != name:
                other.is_home = False
                session.add(other)
        organisation.is_home = True
    session.flush()
    return organisation


def list_organisations(session: Session) -> list[Organisation]:
    return list(
        session.exec(
            select(Organisation).order_by(col(Organisation.is_home).desc(), Organisation.name)
        )
    )


def add_person(
    session: Session, organisation: Organisation, name: str, role: str, email: str = ""
) -> Person:
    assert organisation.id is not None
    person = Person(organisation_id=organisation.id, name=name, role=role, email=email)
    session.add(person)
    session.flush()
    return person


def people_of(session: Session, organisation_id: int) -> list[Person]:
    return list(
        session.exec(
            select(Person).where(Person.organisation_id == organisation_id).order_by(Person.name)
        )
    )
