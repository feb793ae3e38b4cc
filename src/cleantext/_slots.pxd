"""Objects with slots, their fields written and read where the slots lie, for the
compiled text document and segmenter (``_textdoc.pyx``, ``_segment.pyx``).

A ``slots=True`` dataclass (``Block``, ``Removal``, ``Segment``) keeps each field in a
slot at a fixed offset of the instance, described by a member descriptor on the
class. Making one through its constructor costs a Python call and, for a frozen
one, an ``object.__setattr__`` per field; a loop that makes thousands writes the
fields straight into a fresh instance's slots instead. :func:`slot_offsets_of`
checks that a class is such a plain one and gives the offsets, or None: the
callers then set the fields as attributes (a user's subclass, another Python).
"""

from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_INCREF

cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        const char* name
        int type
        Py_ssize_t offset
        int flags
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    PyTypeObject PyMemberDescr_Type
    object PyType_GenericAlloc(PyTypeObject* cls, Py_ssize_t items)
    void PyObject_GC_UnTrack(object obj)


# T_OBJECT_EX is structmember.h's (Python.h does not include it; from 3.12 on it is
# there as Py_T_OBJECT_EX's alias): named here, not left to Cython's own includes.
cdef extern from "structmember.h":
    int T_OBJECT_EX


cdef inline object slot_offsets_of(type cls, tuple names):
    """The byte offsets of ``names``' slots in an instance of ``cls`` (a class like
    a ``slots=True`` dataclass: each name a member descriptor of its own holding an
    object, no ``__dict__``, no ``__new__`` of a base other than ``object``'s), or
    None."""
    offsets = []
    if not (cls.__new__ is object.__new__ and cls.__dictoffset__ == 0
            and cls.__itemsize__ == 0):
        return None
    for name in names:
        descr = cls.__dict__.get(name)
        if descr is None or type(descr) is not <type>&PyMemberDescr_Type:
            return None
        member = (<PyMemberDescrObject*>descr).d_member
        if member.type != T_OBJECT_EX or member.flags != 0:
            return None
        offsets.append(member.offset)
    return tuple(offsets)


cdef inline void put_slot(object obj, Py_ssize_t offset, object value) noexcept:
    # A fresh object's empty slot (NULL) gets ``value`` (a new reference).
    Py_INCREF(value)
    (<PyObject**>((<char*><PyObject*>obj) + offset))[0] = <PyObject*>value


cdef inline object read_slot(object obj, Py_ssize_t offset):
    # The object in a slot of ``obj`` (None for an empty slot: the caller asks getattr).
    cdef PyObject* found = (<PyObject**>((<char*><PyObject*>obj) + offset))[0]
    if found is NULL:
        return None
    return <object>found
