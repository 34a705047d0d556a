"""The block vocabulary (cms/blocks.py): every block explains itself and renders its preview."""

import pytest

from cms.blocks import BaseStreamBlock


def _blocks():
    return list(BaseStreamBlock().child_blocks.values())


@pytest.mark.parametrize("block", _blocks(), ids=lambda block: block.name)
def test_every_block_has_icon_label_template_and_preview(block):
    assert block.meta.icon and block.meta.icon != "placeholder", block.name
    assert block.label, block.name
    assert getattr(block.meta, "template", None), block.name
    assert block.get_preview_value() not in (None, "", {}), block.name
    assert block.get_description(), block.name


@pytest.mark.django_db
@pytest.mark.parametrize("block", _blocks(), ids=lambda block: block.name)
def test_every_block_renders_its_preview_value(block, in_club):
    html = block.render(block.get_preview_value())
    assert html.strip(), block.name
