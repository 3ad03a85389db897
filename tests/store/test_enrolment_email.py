"""store.enrolment.employee_for_email: the sign-in's e-mail finds one person, or nobody."""

from __future__ import annotations

from datetime import datetime, timezone

from store.enrolment import Invitation, accept, employee_for_email, invite, withdraw
from store.retention import erase_employee

NOW = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


def test_an_address_finds_its_person_whatever_the_case_spaces_or_state(db):
    with db.transaction() as tx:
        invite(tx, [Invitation("emp:ana", "Ana", " Ana.Lopez@Lemoine.example ", "Lyon", "fr"),
                    Invitation("emp:ben", "Ben", "ben@lemoine.example", "Lyon", "fr"),
                    Invitation("emp:cat", "Cat", None, "Lyon", "fr")], "test", NOW)
        assert employee_for_email(tx, "ana.lopez@lemoine.example") == "emp:ana"     # invited
        accept(tx, "emp:ana", ["shares"], {}, "test", NOW)
        assert employee_for_email(tx, "  ANA.LOPEZ@lemoine.EXAMPLE") == "emp:ana"   # enrolled
        withdraw(tx, "emp:ana", "test", NOW)
        assert employee_for_email(tx, "ana.lopez@lemoine.example") == "emp:ana"     # withdrawn: consent page


def test_nobody_for_an_unknown_empty_hostile_or_huge_address(db):
    with db.transaction() as tx:
        invite(tx, [Invitation("emp:cat", "Cat", None, "Lyon", "fr"),
                    Invitation("emp:dan", "Dan", "", "Lyon", "fr")], "test", NOW)
        for email in ("nobody@lemoine.example", "", "   ", "%", "_@_", "' OR 1=1 --", "x" * 100_000):
            assert employee_for_email(tx, email) is None


def test_an_address_shared_by_two_records_finds_nobody(db):
    with db.transaction() as tx:
        invite(tx, [Invitation("emp:a", "A", "shared@lemoine.example", "Lyon", "fr"),
                    Invitation("emp:b", "B", "SHARED@lemoine.example", "Paris", "fr")], "test", NOW)
        assert employee_for_email(tx, "shared@lemoine.example") is None


def test_an_erased_person_is_not_found(db):
    with db.transaction() as tx:
        invite(tx, [Invitation("emp:ana", "Ana", "ana@lemoine.example", "Lyon", "fr")], "test", NOW)
        erase_employee(tx, "emp:ana")
        assert employee_for_email(tx, "ana@lemoine.example") is None
