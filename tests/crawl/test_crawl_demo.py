"""Crawl the tidy demo (the seeds' data) as anonymous and as each role."""

from .common import test_each_page_template_passes_axe, test_every_page_answers_without_error_and_no_link_is_broken

MESSY = False

__all__ = ["test_each_page_template_passes_axe", "test_every_page_answers_without_error_and_no_link_is_broken"]
