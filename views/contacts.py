"""Contacts: search them, open one (`?id=`), see and link its records."""

from schemas.crm import TargetKind
from views import components

components.target_page(TargetKind.CONTACT)
