"""The difference policy signatures are judged with: pyHanko's default, plus added annotations.

Vietnamese e-office systems sign a document, then stamp its number and day onto it as
annotations (FreeText/Stamp with an appearance stream) and sign again. pyHanko's default policy
has no rule for annotations (its source leaves it as a TODO), so the stamp revision counts as an
arbitrary change ("other") and every such document would look altered after signing. The rule
below recognises exactly that shape and files it at pyHanko's ``ANNOTATIONS`` level:

* a page whose dictionary is unchanged except for ``/Annots``, which keeps every old entry;
* each added annotation is a fresh object (not an overwritten one), and everything it references
  that is also fresh (its appearance streams, their resources and fonts) is explained with it;
* added widgets must be signature fields, and pyHanko's signature-field rule still judges them.
  That rule would also approve their page, but it refuses a page that gained anything besides
  signature widgets, so its page approval is switched off here and this rule does it: at pyHanko's
  own level (LTA updates) when only signature widgets were added, at ANNOTATIONS otherwise.

Anything else in the same revision stays unexplained and still makes the verdict "other".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel, StandardDiffPolicy
from pyhanko.sign.diff_analysis.commons import compare_dicts
from pyhanko.sign.diff_analysis.form_rules_api import FormUpdatingRule
from pyhanko.sign.diff_analysis.policy_api import SuspiciousModification
from pyhanko.sign.diff_analysis.rules import form_field_rules
from pyhanko.sign.diff_analysis.rules.form_field_rules import GenericFieldModificationRule, SigFieldModificationRule
from pyhanko.sign.diff_analysis.rules_api import QualifiedWhitelistRule, ReferenceUpdate

_field_rules: Any = form_field_rules      # its constructors are untyped
_MAX_PAGES = 5_000        # page-tree nodes walked; the reader refuses longer files anyway
_MAX_OBJECTS = 2_000      # objects followed from one annotation
_BACK_LINKS = frozenset({"/P", "/Parent", "/Popup", "/IRT"})   # point back into the old document


class AddedAnnotationsRule(QualifiedWhitelistRule):
    """Explains annotations appended to pages, at level ANNOTATIONS."""

    def apply_qualified(self, old: HistoricalResolver,
                        new: HistoricalResolver) -> Iterator[tuple[ModificationLevel, ReferenceUpdate]]:
        for page_ref in _page_refs(new):
            yield from self._page(old, new, page_ref)

    def _page(self, old: HistoricalResolver, new: HistoricalResolver,
              page_ref: generic.Reference) -> Iterator[tuple[ModificationLevel, ReferenceUpdate]]:
        if old.is_ref_unassignable(page_ref):
            return                        # a page that did not exist: not an annotation change
        try:
            old_page, new_page = old(page_ref), new(page_ref)
            compare_dicts(old_page, new_page, frozenset({"/Annots"}))
        except (SuspiciousModification, KeyError, TypeError, ValueError):
            return
        old_annots = _refs(old_page.get("/Annots"))
        new_annots = _refs(new_page.get("/Annots"))
        if old_annots == new_annots or not set(old_annots) <= set(new_annots):
            return
        added = [ref for ref in new_annots if ref not in set(old_annots)]
        if not all(old.is_ref_unassignable(ref) for ref in added):
            return                        # an old object reused as a new annotation: not ours to explain
        kinds = {ref: _kind(new(ref)) for ref in added}
        if "other" in kinds.values():
            return
        annotations = [ref for ref in added if kinds[ref] == "annotation"]
        level = ModificationLevel.ANNOTATIONS if annotations else ModificationLevel.LTA_UPDATES
        yield level, ReferenceUpdate(page_ref, context_checked=None)
        raw = new_page.raw_get("/Annots")
        if isinstance(raw, generic.IndirectObject) and old.is_ref_unassignable(raw.reference):
            yield level, ReferenceUpdate(raw.reference)
        seen: set[generic.Reference] = set()
        for ref in annotations:
            for fresh in _fresh_closure(old, new, ref, seen):
                yield level, ReferenceUpdate(fresh)


def _deref(value: Any) -> Any:
    ref: Any = value
    return ref.get_object() if isinstance(value, generic.IndirectObject) else value


def _refs(value: Any) -> list[generic.Reference]:
    value = _deref(value)
    if not isinstance(value, generic.ArrayObject):
        return []
    return [item.reference for item in value if isinstance(item, generic.IndirectObject)]


def _kind(obj: Any) -> str:
    """"annotation", "signature" (a signature field's widget, judged by pyHanko) or "other"."""
    if not isinstance(obj, generic.DictionaryObject) or "/Subtype" not in obj:
        return "other"
    if obj.get("/Subtype") != "/Widget" and "/FT" not in obj:
        return "annotation"
    field = obj
    for _ in range(8):                # a widget's field type may sit on its parent field
        if field.get("/FT") == "/Sig":
            return "signature"
        parent = field.get("/Parent")
        if not isinstance(parent, generic.DictionaryObject):
            break
        field = parent
    return "other"


def _fresh_closure(old: HistoricalResolver, new: HistoricalResolver, start: generic.Reference,
                   seen: set[generic.Reference]) -> Iterator[generic.Reference]:
    """``start`` and every object it reaches that the old revision could not have held."""
    stack = [start]
    while stack and len(seen) < _MAX_OBJECTS:
        ref = stack.pop()
        if ref in seen or not old.is_ref_unassignable(ref):
            continue
        seen.add(ref)
        yield ref
        stack.extend(_children(new(ref)))


def _children(obj: Any) -> Iterator[generic.Reference]:
    if isinstance(obj, generic.DictionaryObject):      # streams are dictionaries too
        for key in obj:
            if key not in _BACK_LINKS:
                yield from _direct(obj.raw_get(key))
    elif isinstance(obj, generic.ArrayObject):
        for item in obj:
            yield from _direct(item)


def _direct(value: Any) -> Iterator[generic.Reference]:
    if isinstance(value, generic.IndirectObject):
        yield value.reference
    elif isinstance(value, generic.DictionaryObject | generic.ArrayObject):
        yield from _children(value)


def _page_refs(resolver: HistoricalResolver) -> Iterator[generic.Reference]:
    """Leaf page references of the page tree, depth first, bounded."""
    root = resolver.root.raw_get("/Pages")
    stack = [root] if isinstance(root, generic.IndirectObject) else []
    visited = 0
    while stack and visited < _MAX_PAGES:
        node_ref = stack.pop()
        visited += 1
        node = _deref(node_ref)
        if not isinstance(node, generic.DictionaryObject):
            continue
        kids = node.get("/Kids")
        if kids is None:
            yield node_ref.reference
            continue
        items = _deref(kids)
        stack.extend(reversed([k for k in items if isinstance(k, generic.IndirectObject)]))


DIFF_POLICY = StandardDiffPolicy(
    global_rules=[*DEFAULT_DIFF_POLICY.global_rules, AddedAnnotationsRule()],
    form_rule=FormUpdatingRule(field_rules=[
        _field_rules.SigFieldCreationRule(approve_widget_bindings=False),   # pages: AddedAnnotationsRule
        SigFieldModificationRule(),
        GenericFieldModificationRule(),
    ]),
)
