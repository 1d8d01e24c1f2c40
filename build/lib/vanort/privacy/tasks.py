"""Background task for the scheduler: anonymise named participants past their retention period."""

from django.tasks import task

from vanort.privacy.services import anonymise_expired


@task()
def anonymise_expired_task() -> int:
    """Run daily (``vanort anonymise-expired`` enqueues it); safe to run any number of times."""
    return sum(anonymise_expired().values())
