"""The HTML of a filter widget, kept per process for the same input (the member list's filters).

The member list draws its eight filters on every request, and most requests ask for the same few
combinations (no filter, one status, one fee group). A widget's HTML is a function of its class and
template, its own settings (attributes, format), the field's name, the submitted value, the final
attributes, its choices (value and label as shown) and the active language; with all of those as the
key, the stored HTML is the HTML the templates would write. A widget with anything else in it (a value
or setting of another type) is rendered the usual way. The CheckboxSelectMultiple of the statuses alone
was some 10,000 Python calls a request (an include per option).
"""

from collections import OrderedDict
from threading import Lock
from types import FunctionType

from django.utils.translation import get_language

SIZE = 512  # entries of a few kB; the oldest go first
_memo: OrderedDict = OrderedDict()
_lock = Lock()
ENABLED = True


class _Unkeyable(Exception):
    pass


def _frozen(value):
    if value is None or isinstance(value, str | int | bool | float):
        return type(value), value  # a SafeString and a str, 1 and True stay apart
    if isinstance(value, list | tuple):
        return type(value), tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return dict, tuple((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, FunctionType):  # a module's function (CheckboxInput's check_test): by identity
        return FunctionType, value
    raise _Unkeyable


def _choices(widget) -> tuple:
    """The choices as the widget shows them: str() of each value and label (a model choice's value is
    its pk), groups kept."""
    choices = getattr(widget, "choices", None)
    if choices is None:
        return ()
    shown = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # a group: (name, [(value, label), …])
            shown.append((str(value), tuple((str(v), str(lbl)) for v, lbl in label)))
        else:
            shown.append((str(value), str(label)))
    return tuple(shown)


class _Kept:
    """Mixed into a widget's class (the subclass keeps the class's name: the admin's markup has CSS
    classes from it, w-field--select)."""

    def render(self, name, value, attrs=None, renderer=None):
        if not ENABLED:
            return super().render(name, value, attrs, renderer)
        try:
            settings = {key: item for key, item in vars(self).items() if key not in ("choices", "_choices")}
            key = (
                type(self),
                self.template_name,
                _frozen(settings),
                name,
                _frozen(value),
                _frozen(attrs),
                _choices(self),
                type(renderer),
                get_language(),
            )
        except _Unkeyable:
            return super().render(name, value, attrs, renderer)
        with _lock:
            html = _memo.get(key)
            if html is not None:
                _memo.move_to_end(key)
                return html
        html = super().render(name, value, attrs, renderer)
        with _lock:
            _memo[key] = html
            while len(_memo) > SIZE:
                _memo.popitem(last=False)
        return html


_kept_classes: dict[type, type] = {}


def keep_rendered(form) -> None:
    """Each widget of the form renders through the memo (its markup unchanged)."""
    for field in form.fields.values():
        widget = field.widget
        cls = type(widget)
        if not issubclass(cls, _Kept):
            if cls not in _kept_classes:
                _kept_classes[cls] = type(cls.__name__, (_Kept, cls), {"__module__": cls.__module__})
            widget.__class__ = _kept_classes[cls]
