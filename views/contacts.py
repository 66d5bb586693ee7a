"""Contacts: search them, open one (`?id=`), see and link its records."""

from views import components
from schemas.crm import TargetKind

components.target_page(TargetKind.CONTACT)
