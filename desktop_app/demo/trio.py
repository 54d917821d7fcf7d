"""The demo trio: Midthorpe Council (home), Oxtown Borough Council and Munbridge City Council."""

from __future__ import annotations

from sqlmodel import Session

from desktop_app.store.repositories.organisations import add_person, ensure_organisation
from desktop_app.store.repositories.settings import CURRENT_USER, set_setting

ORDER = 10
HOME_COUNCIL = "Midthorpe Council"
OXTOWN = "Oxtown Borough Council"
MUNBRIDGE = "Munbridge City Council"
REGION = "East Midshire"

PEOPLE: dict[str, list[tuple[str, str]]] = {
    HOME_COUNCIL: [
        ("Priya Lambert", "Head of Quality Assurance and Performance (improvement lead)"),
        ("Daniel Okafor", "Director of Children's Services"),
        ("Helen Marsh", "Assistant Director, Safeguarding and Family Help"),
        ("Tom Reilly", "Team Manager, Front Door (MASH)"),
        ("Grace Adeyemi", "Senior Practitioner, Child Protection"),
        ("Martin Cole", "QA Officer (moderator)"),
        ("Sophie Turner", "Team Manager, Children in Care"),
        ("Yusuf Patel", "Team Manager, Care Leavers (18+)"),
    ],
    OXTOWN: [
        ("Fiona Grant", "Director of Children's Services"),
        ("Kwame Mensah", "Assistant Director, Quality and Improvement"),
        ("Rachel Dunn", "Service Manager, Child Protection"),
    ],
    MUNBRIDGE: [
        ("Alan Whitfield", "Director of Children's Services"),
        ("Nadia Hussain", "Assistant Director, Children in Care"),
        ("Claire Bennett", "Principal Social Worker"),
    ],
}


def add(session: Session) -> str:
    ensure_organisation(session, HOME_COUNCIL, short_name="Midthorpe", region=REGION, is_home=True)
    ensure_organisation(session, OXTOWN, short_name="Oxtown", region=REGION)
    ensure_organisation(session, MUNBRIDGE, short_name="Munbridge", region=REGION)
    count = 0
    for council, people in PEOPLE.items():
        organisation = ensure_organisation(session, council)
        for name, role in people:
            add_person(session, organisation, name, role)
            count += 1
    set_setting(session, CURRENT_USER, PEOPLE[HOME_COUNCIL][0][0])
    return f"- the trio: {HOME_COUNCIL} (home), {OXTOWN}, {MUNBRIDGE}, with {count} people"
