"""Every message the addons' templates show exists in the addon's
message.xml and has its German translation in locale/de.po."""
from pathlib import Path

import polib
import pytest
from jinja2 import Environment, nodes
from lxml import etree

ADDONS = Path(__file__).resolve().parent.parent / 'addons'
# The ir.message id of a template's _('key') in each addon
PREFIXES = {
    'shop_frontend': 'msg_',  # render.translate
    'payment_multi': 'msg_sandbox_page_',  # routes.sandbox
    }


def template_keys(addon):
    """Return the keys the templates of addon pass as a literal string to
    _() with the templates using them"""
    keys = {}
    environment = Environment()
    for path in sorted((ADDONS / addon / 'templates').rglob('*')):
        if path.suffix not in {'.html', '.xml', '.txt'}:
            continue
        tree = environment.parse(path.read_text(encoding='utf-8'))
        for call in tree.find_all(nodes.Call):
            if (isinstance(call.node, nodes.Name) and call.node.name == '_'
                    and call.args and isinstance(call.args[0], nodes.Const)):
                keys.setdefault(call.args[0].value, []).append(
                    str(path.relative_to(ADDONS)))
    return keys


def messages(addon):
    "Return the ids of the messages of addon's message.xml"
    tree = etree.parse(str(ADDONS / addon / 'message.xml'))
    return {
        r.get('id') for r in tree.iterfind('.//record[@model="ir.message"]')}


def translated(addon):
    "Return the ids of the messages translated in addon's locale/de.po"
    prefix = 'model:ir.message,text:'
    return {
        e.msgctxt[len(prefix):]
        for e in polib.pofile(str(ADDONS / addon / 'locale' / 'de.po'))
        if e.msgctxt and e.msgctxt.startswith(prefix) and e.msgstr}


@pytest.mark.parametrize('addon', sorted(PREFIXES))
def test_template_messages_exist(addon):
    keys = template_keys(addon)
    assert keys, "no _() call found in the templates"
    ids = {PREFIXES[addon] + k: used for k, used in keys.items()}
    missing = {i: used for i, used in ids.items() if i not in messages(addon)}
    assert not missing, f"not in {addon}/message.xml: {missing}"
    untranslated = {
        i: used for i, used in ids.items() if i not in translated(addon)}
    assert not untranslated, f"not in {addon}/locale/de.po: {untranslated}"
