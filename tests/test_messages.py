"""Every message the addons' templates show exists in the addon's
message.xml and has its German translation in locale/de.po; a message
of a count has its plural forms."""
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


def entries(addon):
    "Return the entries of the messages in addon's locale/de.po by id"
    prefix = 'model:ir.message,text:'
    return {
        e.msgctxt[len(prefix):]: e
        for e in polib.pofile(str(ADDONS / addon / 'locale' / 'de.po'))
        if e.msgctxt and e.msgctxt.startswith(prefix)}


def translated(addon):
    "Return the ids of the messages translated in addon's locale/de.po"
    return {
        i for i, e in entries(addon).items()
        if e.msgstr or (e.msgstr_plural and all(e.msgstr_plural.values()))}


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


@pytest.mark.parametrize('addon', sorted(PREFIXES))
def test_counts_have_plural_forms(addon):
    """A message of a %(count)s has an English plural and both German
    forms: render.translate picks the form by the count"""
    tree = etree.parse(str(ADDONS / addon / 'message.xml'))
    po = entries(addon)
    for record in tree.iterfind('.//record[@model="ir.message"]'):
        text = record.findtext('field[@name="text"]')
        plural = record.findtext('field[@name="text_plural"]')
        if '%(count)s' not in (text or '') + (plural or ''):
            continue
        id_ = record.get('id')
        assert plural, f"{id_} has no text_plural"
        entry = po[id_]
        assert entry.msgid_plural == plural, id_
        assert len(entry.msgstr_plural) == 2, id_
