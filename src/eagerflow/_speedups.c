/* eagerflow._speedups: an OPTIONAL C accelerator for the eager hot path.
 *
 * It provides
 *   - TensorBase: the base type of eagerflow.Tensor, holding ``_v`` (the ndarray) and a weakref list,
 *     whose number slots (+ - * /) and rich comparison run the common case (two Tensors of one
 *     allowed dtype, or a Tensor and a Python int/float, no tape active) directly in C.  Every other
 *     case calls the registered Python operator, so TF semantics stay defined in one place
 *     (ops/operators.py).
 *   - State: the process-wide tape counter object (``STATE.n``/``STATE.record``) whose ``n`` C reads
 *     without an attribute lookup.
 *
 * Nothing here knows TF rules: the Python shim (_accel.py) registers, per operator, the Python
 * fallbacks, the NumPy forward and the dtypes for which the fast path is exactly what the Python fast
 * path would do.  It does not need the NumPy C API (no build dependency on numpy): it reads the
 * public, long-stable ndarray struct layout (PyArrayObject_fields) and the shim checks that layout
 * at import, disabling the accelerator if it does not match.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

/* -- the part of NumPy's PyArrayObject_fields that we read (numpy >= 1.7, numpy 2.x) ----------- */
typedef struct {
    PyObject_HEAD
    char *data;
    int nd;
    Py_ssize_t *dimensions;
    Py_ssize_t *strides;
    PyObject *base;
    PyObject *descr;
    int flags;
} ArrayFields;

#define ARR_ND(a) (((ArrayFields *)(a))->nd)
#define ARR_DIMS(a) (((ArrayFields *)(a))->dimensions)
#define ARR_DESCR(a) (((ArrayFields *)(a))->descr)

/* -- State ---------------------------------------------------------------------------------- */
typedef struct {
    PyObject_HEAD
    Py_ssize_t n;
    PyObject *record;
    /* the single-tape fast path (see autodiff/tape.py ``_sync``): when n == 1 and the calling thread
     * is fast_tid, the only active tape is recording into fast_watched (id -> object) / fast_nodes */
    PyObject *fast_watched;
    PyObject *fast_nodes;
    unsigned long fast_tid;
} StateObject;

static int
State_traverse(StateObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->record);
    Py_VISIT(self->fast_watched);
    Py_VISIT(self->fast_nodes);
    return 0;
}

static int
State_clear(StateObject *self)
{
    Py_CLEAR(self->record);
    Py_CLEAR(self->fast_watched);
    Py_CLEAR(self->fast_nodes);
    return 0;
}

static void
State_dealloc(StateObject *self)
{
    PyObject_GC_UnTrack(self);
    State_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMemberDef State_members[] = {
    {"n", T_PYSSIZET, offsetof(StateObject, n), 0, "number of active tapes (all threads)"},
    {"record", T_OBJECT, offsetof(StateObject, record), 0,
     "record(prim, inputs, outputs, params), set by tape.py"},
    {"fast_watched", T_OBJECT, offsetof(StateObject, fast_watched), 0,
     "the single recording tape's watched dict (or None), set by tape.py"},
    {"fast_nodes", T_OBJECT, offsetof(StateObject, fast_nodes), 0,
     "the single recording tape's node list (or None), set by tape.py"},
    {"fast_tid", T_ULONG, offsetof(StateObject, fast_tid), 0,
     "the thread (threading.get_ident()) of the single recording tape"},
    {NULL}
};

static PyTypeObject StateType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "eagerflow._speedups.State",
    .tp_basicsize = sizeof(StateObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Process-wide count of active tapes; C reads ``n`` directly.",
    .tp_traverse = (traverseproc)State_traverse,
    .tp_clear = (inquiry)State_clear,
    .tp_dealloc = (destructor)State_dealloc,
    .tp_members = State_members,
    .tp_new = PyType_GenericNew,
};

/* -- TensorBase ------------------------------------------------------------------------------ */
typedef struct {
    PyObject_HEAD
    PyObject *v;
    PyObject *weakreflist;
} TensorObject;

static PyTypeObject TensorBaseType;

/* configured by configure()/register_op() */
static PyTypeObject *g_tensor_type = NULL;   /* the Python class eagerflow.Tensor */
static PyTypeObject *g_ndarray_type = NULL;  /* numpy.ndarray */
static PyObject *g_asarray = NULL;           /* numpy.asarray */
static StateObject *g_state = NULL;

enum { OP_ADD, OP_SUB, OP_MUL, OP_TRUEDIV, OP_LT, OP_LE, OP_EQ, OP_NE, OP_GT, OP_GE, N_OPS };
/* kernels */
enum { K_CALL = 0, K_ADD, K_SUB, K_MUL, K_RICHCMP, K_TRUEDIV_QUIET };

/* NumPy's floating-point error state is a context variable; K_TRUEDIV_QUIET runs ``x / y`` with it
 * set to an "ignore all" value (what ``with np.errstate(all="ignore")`` does, minus the Python). */
static PyObject *g_errstate_var = NULL;
static PyObject *g_errstate_ignore = NULL;

typedef struct {
    PyObject *fallback;   /* Python ``a OP b`` with a the tensor (e.g. OPERATORS['__add__']) */
    PyObject *rfallback;  /* Python reflected ``b OP a`` called as rfallback(tensor, other); may be NULL */
    PyObject *fwd;        /* forward called as fwd(av, bv) when kernel is K_CALL */
    PyObject *allowed;    /* tuple of dtypes for tensor-tensor (identity match), or NULL: disabled */
    PyObject *int_ok;     /* tuple of dtypes for which a Python int operand is fast, or NULL */
    PyObject *float_ok;   /* same for a Python float */
    PyObject *prim;       /* the Primitive recorded for tensor-tensor calls under a tape, or NULL */
    int kernel;
    int check_tape;       /* delegate when a tape is active (ops that record) */
    int same_shape;       /* tensor-tensor fast path only for equal shapes (==, !=) */
    int reflect;          /* ``number OP tensor`` may run here too (int_ok / float_ok, no tape) */
} OpInfo;

static PyObject *g_empty_params = NULL;  /* the params dict of recorded operator nodes */
static PyObject *g_diff_dtypes = NULL;   /* tuple: output dtypes a tape watches (DIFFERENTIABLE) */

static OpInfo g_ops[N_OPS];

static PyObject *g_notimpl_sentinel;  /* internal marker: "not handled here" */

static int
Tensor_traverse(TensorObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->v);
    return 0;
}

static int
Tensor_clear(TensorObject *self)
{
    Py_CLEAR(self->v);
    return 0;
}

static void
Tensor_dealloc(TensorObject *self)
{
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL)
        PyObject_ClearWeakRefs((PyObject *)self);
    Py_CLEAR(self->v);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static inline int
in_tuple(PyObject *tup, PyObject *x)
{
    Py_ssize_t i, n;
    if (tup == NULL)
        return 0;
    n = PyTuple_GET_SIZE(tup);
    for (i = 0; i < n; i++)
        if (PyTuple_GET_ITEM(tup, i) == x)
            return 1;
    return 0;
}

/* A new Tensor (exact registered class) holding r (stolen); converts a NumPy scalar to a 0-d array. */
static PyObject *
new_tensor(PyObject *r)
{
    TensorObject *t;
    if (Py_TYPE(r) != g_ndarray_type) {
        PyObject *a = PyObject_CallOneArg(g_asarray, r);
        Py_DECREF(r);
        if (a == NULL)
            return NULL;
        r = a;
    }
    t = (TensorObject *)g_tensor_type->tp_alloc(g_tensor_type, 0);
    if (t == NULL) {
        Py_DECREF(r);
        return NULL;
    }
    t->v = r;
    return (PyObject *)t;
}

/* tape.record's single-tape fast path: if the tape watches a or b, append
 * (prim, (a, b), (t,), params) to its nodes and watch t when its dtype is differentiable. */
static int
record_node(PyObject *prim, PyObject *a, PyObject *b, PyObject *t)
{
    PyObject *w = g_state->fast_watched, *key, *inputs, *outputs, *node;
    int found, rc;

    key = PyLong_FromVoidPtr(a);
    if (key == NULL)
        return -1;
    found = PyDict_Contains(w, key);
    Py_DECREF(key);
    if (found < 0)
        return -1;
    if (!found && b != a) {
        key = PyLong_FromVoidPtr(b);
        if (key == NULL)
            return -1;
        found = PyDict_Contains(w, key);
        Py_DECREF(key);
        if (found < 0)
            return -1;
    }
    if (!found)
        return 0;
    inputs = PyTuple_Pack(2, a, b);
    if (inputs == NULL)
        return -1;
    outputs = PyTuple_Pack(1, t);
    if (outputs == NULL) {
        Py_DECREF(inputs);
        return -1;
    }
    node = PyTuple_Pack(4, prim, inputs, outputs, g_empty_params);
    Py_DECREF(inputs);
    Py_DECREF(outputs);
    if (node == NULL)
        return -1;
    /* no cycle can pass through a node (tensors are not GC objects, the primitive and the shared
     * params dict never reference nodes): the collector need not scan the tape's nodes */
    PyObject_GC_UnTrack(inputs);
    PyObject_GC_UnTrack(outputs);
    PyObject_GC_UnTrack(node);
    rc = PyList_Append(g_state->fast_nodes, node);
    Py_DECREF(node);
    if (rc < 0)
        return -1;
    if (in_tuple(g_diff_dtypes, ARR_DESCR(((TensorObject *)t)->v))) {
        key = PyLong_FromVoidPtr(t);
        if (key == NULL)
            return -1;
        rc = PyDict_SetItem(w, key, t);
        Py_DECREF(key);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* The fast path for ``a OP b`` with a of the exact Tensor class.  Returns a new reference, NULL
 * with an exception set, or a new reference to g_notimpl_sentinel when the Python operator must
 * decide (it then redoes everything with TF's rules). */
static PyObject *
fast_binary(int op, PyObject *a, PyObject *b)
{
    OpInfo *info = &g_ops[op];
    PyObject *av, *bv, *d, *r;
    PyTypeObject *tb;
    int recording = 0;

    if (info->fallback == NULL)
        goto not_handled;
    if (info->check_tape && g_state->n) {
        /* one tape, this thread's, recording: the op is recorded here exactly as tape.record would */
        if (g_state->n != 1 || info->prim == NULL || g_state->fast_watched == NULL ||
                !PyDict_CheckExact(g_state->fast_watched) || g_state->fast_nodes == NULL ||
                !PyList_CheckExact(g_state->fast_nodes) || g_diff_dtypes == NULL ||
                g_state->fast_tid != PyThread_get_thread_ident())
            goto not_handled;
        recording = 1;
    }
    av = ((TensorObject *)a)->v;
    if (av == NULL || Py_TYPE(av) != g_ndarray_type)
        goto not_handled;
    d = ARR_DESCR(av);
    tb = Py_TYPE(b);
    if (tb == g_tensor_type) {
        bv = ((TensorObject *)b)->v;
        if (bv == NULL || Py_TYPE(bv) != g_ndarray_type || ARR_DESCR(bv) != d ||
                !in_tuple(info->allowed, d))
            goto not_handled;
        if (info->same_shape) {
            int nd = ARR_ND(av);
            if (nd != ARR_ND(bv) ||
                    (nd && memcmp(ARR_DIMS(av), ARR_DIMS(bv), nd * sizeof(Py_ssize_t)) != 0))
                goto not_handled;
        }
    }
    else if (!recording && ((tb == &PyFloat_Type && in_tuple(info->float_ok, d)) ||
                            (tb == &PyLong_Type && in_tuple(info->int_ok, d)))) {
        bv = b;
    }
    else
        goto not_handled;

    switch (info->kernel) {
    case K_ADD: r = PyNumber_Add(av, bv); break;
    case K_SUB: r = PyNumber_Subtract(av, bv); break;
    case K_MUL: r = PyNumber_Multiply(av, bv); break;
    case K_TRUEDIV_QUIET: {
        PyObject *token = PyContextVar_Set(g_errstate_var, g_errstate_ignore);
        if (token == NULL)
            return NULL;
        r = PyNumber_TrueDivide(av, bv);
        if (PyContextVar_Reset(g_errstate_var, token) < 0) {
            Py_XDECREF(r);
            r = NULL;
        }
        Py_DECREF(token);
        break;
    }
    case K_RICHCMP: {
        static const int cmp[] = {0, 0, 0, 0, Py_LT, Py_LE, Py_EQ, Py_NE, Py_GT, Py_GE};
        r = PyObject_RichCompare(av, bv, cmp[op]);
        break;
    }
    default: {
        PyObject *args[2] = {av, bv};
        r = PyObject_Vectorcall(info->fwd, args, 2, NULL);
    }
    }
    if (r == NULL) {
        /* shape errors, overflowing Python ints ...: the Python operator gives TF's answer */
        if (PyErr_ExceptionMatches(PyExc_ValueError) || PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            goto not_handled;
        }
        return NULL;
    }
    r = new_tensor(r);
    if (r != NULL && recording && record_node(info->prim, a, b, r) < 0) {
        Py_DECREF(r);
        return NULL;
    }
    return r;

not_handled:
    Py_INCREF(g_notimpl_sentinel);
    return g_notimpl_sentinel;
}

/* ``number OP tensor`` (a Python int/float first) where the Python reflected operator would convert
 * the number strictly to the tensor's dtype and run the forward: ``number OP av`` in NumPy (NEP 50
 * converts the number to av's dtype the same way, raising OverflowError where it does not fit). */
static PyObject *
fast_reflected(int op, PyObject *other, PyObject *t)
{
    OpInfo *info = &g_ops[op];
    PyObject *av, *d, *r;
    PyTypeObject *to = Py_TYPE(other);

    if (!info->reflect || info->rfallback == NULL || (info->check_tape && g_state->n))
        goto not_handled;
    av = ((TensorObject *)t)->v;
    if (av == NULL || Py_TYPE(av) != g_ndarray_type)
        goto not_handled;
    d = ARR_DESCR(av);
    if (to == &PyLong_Type) {
        /* ints beyond int64 are rejected by the strict conversion even for float dtypes */
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(other, &overflow);
        if (v == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            goto not_handled;
        }
        if (overflow || !in_tuple(info->int_ok, d))
            goto not_handled;
    }
    else if (!(to == &PyFloat_Type && in_tuple(info->float_ok, d)))
        goto not_handled;
    switch (info->kernel) {
    case K_ADD: r = PyNumber_Add(other, av); break;
    case K_SUB: r = PyNumber_Subtract(other, av); break;
    case K_MUL: r = PyNumber_Multiply(other, av); break;
    default: goto not_handled;
    }
    if (r == NULL) {
        if (PyErr_ExceptionMatches(PyExc_ValueError) || PyErr_ExceptionMatches(PyExc_OverflowError)) {
            PyErr_Clear();
            goto not_handled;
        }
        return NULL;
    }
    return new_tensor(r);

not_handled:
    Py_INCREF(g_notimpl_sentinel);
    return g_notimpl_sentinel;
}

static PyObject *
call2(PyObject *f, PyObject *x, PyObject *y)
{
    PyObject *args[2] = {x, y};
    if (f == NULL)
        Py_RETURN_NOTIMPLEMENTED;
    return PyObject_Vectorcall(f, args, 2, NULL);
}

/* binary number slot: mirrors CPython's SLOT1BINFULL for a type whose __op__/__rop__ are the
 * registered Python operators, with the C fast path in front for the exact Tensor class. */
static PyObject *
binary_slot(int op, binaryfunc self_slot, size_t slot_offset, PyObject *a, PyObject *b)
{
    PyNumberMethods *na = Py_TYPE(a)->tp_as_number, *nb = Py_TYPE(b)->tp_as_number;
    OpInfo *info = &g_ops[op];
    PyObject *r;

    if (na != NULL && *(binaryfunc *)((char *)na + slot_offset) == self_slot) {
        if (Py_TYPE(a) == g_tensor_type) {
            r = fast_binary(op, a, b);
            if (r != g_notimpl_sentinel)
                return r;
            Py_DECREF(r);
        }
        r = call2(info->fallback, a, b);
        if (r != Py_NotImplemented || Py_TYPE(a) == Py_TYPE(b))
            return r;
        Py_DECREF(r);
    }
    if (Py_TYPE(b) != Py_TYPE(a) && nb != NULL &&
            *(binaryfunc *)((char *)nb + slot_offset) == self_slot) {
        if (Py_TYPE(b) == g_tensor_type) {
            r = fast_reflected(op, a, b);
            if (r != g_notimpl_sentinel)
                return r;
            Py_DECREF(r);
        }
        return call2(info->rfallback, b, a);
    }
    Py_RETURN_NOTIMPLEMENTED;
}

#define BINSLOT(name, OP, field)                                                       \
    static PyObject *name(PyObject *a, PyObject *b);                                   \
    static PyObject *name(PyObject *a, PyObject *b)                                    \
    {                                                                                  \
        return binary_slot(OP, name, offsetof(PyNumberMethods, field), a, b);         \
    }

BINSLOT(Tensor_add, OP_ADD, nb_add)
BINSLOT(Tensor_sub, OP_SUB, nb_subtract)
BINSLOT(Tensor_mul, OP_MUL, nb_multiply)
BINSLOT(Tensor_truediv, OP_TRUEDIV, nb_true_divide)

static PyObject *
Tensor_richcompare(PyObject *a, PyObject *b, int cmpop)
{
    static const int map[] = {OP_LT, OP_LE, OP_EQ, OP_NE, OP_GT, OP_GE};
    int op = map[cmpop];
    PyObject *r;
    if (Py_TYPE(a) == g_tensor_type) {
        r = fast_binary(op, a, b);
        if (r != g_notimpl_sentinel)
            return r;
        Py_DECREF(r);
    }
    return call2(g_ops[op].fallback, a, b);
}

static PyNumberMethods Tensor_as_number = {
    .nb_add = Tensor_add,
    .nb_subtract = Tensor_sub,
    .nb_multiply = Tensor_mul,
    .nb_true_divide = Tensor_truediv,
};

static PyMemberDef Tensor_members[] = {
    {"_v", T_OBJECT_EX, offsetof(TensorObject, v), 0, "the ndarray value"},
    {NULL}
};

static PyTypeObject TensorBaseType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "eagerflow._speedups.TensorBase",
    .tp_basicsize = sizeof(TensorObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "C base of eagerflow.Tensor: the value slot and the fast operators.",
    .tp_traverse = (traverseproc)Tensor_traverse,
    .tp_clear = (inquiry)Tensor_clear,
    .tp_dealloc = (destructor)Tensor_dealloc,
    .tp_weaklistoffset = offsetof(TensorObject, weakreflist),
    .tp_members = Tensor_members,
    .tp_as_number = &Tensor_as_number,
    .tp_richcompare = Tensor_richcompare,
    /* tp_new is set to object.__new__ at init, so ``object.__new__(Tensor)`` keeps working */
};

/* -- FastBinary: ``tf.add(x, y)`` == ``x + y`` for an exact Tensor x, without a Python frame -------- */
typedef struct {
    PyObject_HEAD
    PyObject *func;       /* the Python function (called for everything else) */
    binaryfunc number_op; /* PyNumber_Add ... */
    vectorcallfunc vectorcall;
} FastBinaryObject;

static PyObject *
FastBinary_vectorcall(FastBinaryObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    if (PyVectorcall_NARGS(nargsf) == 2 && kwnames == NULL && g_tensor_type != NULL &&
            Py_TYPE(args[0]) == g_tensor_type)
        return self->number_op(args[0], args[1]);
    return PyObject_Vectorcall(self->func, args, nargsf, kwnames);
}

static int
FastBinary_traverse(FastBinaryObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->func);
    return 0;
}

static int
FastBinary_clear(FastBinaryObject *self)
{
    Py_CLEAR(self->func);
    return 0;
}

static void
FastBinary_dealloc(FastBinaryObject *self)
{
    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->func);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* attributes (``__doc__``, ``__name__``, ``__wrapped__`` ...) are the function's */
static PyObject *
FastBinary_getattro(FastBinaryObject *self, PyObject *name)
{
    if (PyUnicode_Check(name) && PyUnicode_CompareWithASCIIString(name, "__class__") != 0 &&
            PyUnicode_CompareWithASCIIString(name, "__reduce__") != 0 &&
            PyUnicode_CompareWithASCIIString(name, "__reduce_ex__") != 0 &&
            PyUnicode_CompareWithASCIIString(name, "__call__") != 0) {
        if (PyUnicode_CompareWithASCIIString(name, "__wrapped__") == 0) {
            Py_INCREF(self->func);
            return self->func;
        }
        return PyObject_GetAttr(self->func, name);
    }
    return PyObject_GenericGetAttr((PyObject *)self, name);
}

static PyObject *
FastBinary_repr(FastBinaryObject *self)
{
    return PyObject_Repr(self->func);
}

static PyObject *
FastBinary_reduce(FastBinaryObject *self, PyObject *unused)
{
    return PyObject_GetAttrString(self->func, "__qualname__");  /* pickled by name, like functions */
}

static PyObject *
FastBinary_get(PyObject *self, PyObject *obj, PyObject *type)
{
    if (obj == NULL || obj == Py_None) {
        Py_INCREF(self);
        return self;
    }
    return PyMethod_New(self, obj);
}

static PyMethodDef FastBinary_methods[] = {
    {"__reduce__", (PyCFunction)FastBinary_reduce, METH_NOARGS, NULL},
    {NULL}
};

static PyTypeObject FastBinaryType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "eagerflow._speedups.FastBinary",
    .tp_basicsize = sizeof(FastBinaryObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "A public binary op whose Tensor-first positional call is its operator, in C.",
    .tp_traverse = (traverseproc)FastBinary_traverse,
    .tp_clear = (inquiry)FastBinary_clear,
    .tp_dealloc = (destructor)FastBinary_dealloc,
    .tp_getattro = (getattrofunc)FastBinary_getattro,
    .tp_repr = (reprfunc)FastBinary_repr,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(FastBinaryObject, vectorcall),
    .tp_methods = FastBinary_methods,
    .tp_descr_get = FastBinary_get,
};

/* -- module functions --------------------------------------------------------------------------- */
static PyObject *
fast_binary_function(PyObject *mod, PyObject *args)
{
    PyObject *func;
    int op;
    FastBinaryObject *self;
    if (!PyArg_ParseTuple(args, "Oi:fast_binary_function", &func, &op))
        return NULL;
    if (op != OP_ADD && op != OP_SUB && op != OP_MUL) {
        PyErr_SetString(PyExc_ValueError, "fast_binary_function: op must be OP_ADD, OP_SUB or OP_MUL");
        return NULL;
    }
    self = PyObject_GC_New(FastBinaryObject, &FastBinaryType);
    if (self == NULL)
        return NULL;
    Py_INCREF(func);
    self->func = func;
    self->number_op = op == OP_ADD ? PyNumber_Add : op == OP_SUB ? PyNumber_Subtract : PyNumber_Multiply;
    self->vectorcall = (vectorcallfunc)FastBinary_vectorcall;
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static PyObject *
configure(PyObject *mod, PyObject *args)
{
    PyObject *tensor_type, *ndarray_type, *asarray;
    if (!PyArg_ParseTuple(args, "O!O!O:configure", &PyType_Type, &tensor_type, &PyType_Type,
                          &ndarray_type, &asarray))
        return NULL;
    if (!PyType_IsSubtype((PyTypeObject *)tensor_type, &TensorBaseType)) {
        PyErr_SetString(PyExc_TypeError, "configure: the tensor type must subclass TensorBase");
        return NULL;
    }
    if (((PyTypeObject *)tensor_type)->tp_basicsize != TensorBaseType.tp_basicsize) {
        PyErr_SetString(PyExc_TypeError, "configure: the tensor type must not add slots");
        return NULL;
    }
    Py_INCREF(tensor_type);
    Py_XSETREF(g_tensor_type, (PyTypeObject *)tensor_type);
    Py_INCREF(ndarray_type);
    Py_XSETREF(g_ndarray_type, (PyTypeObject *)ndarray_type);
    Py_INCREF(asarray);
    Py_XSETREF(g_asarray, asarray);
    Py_RETURN_NONE;
}

static PyObject *
as_tuple_or_null(PyObject *x)
{
    if (x == Py_None)
        return NULL;
    return PySequence_Tuple(x);
}

static PyObject *
register_op(PyObject *mod, PyObject *args)
{
    int op, kernel, check_tape, same_shape, reflect = 0;
    PyObject *fallback, *rfallback, *fwd, *allowed, *int_ok, *float_ok, *prim = Py_None;
    OpInfo info;
    if (!PyArg_ParseTuple(args, "iOOiOOOOpp|Op:register_op", &op, &fallback, &rfallback, &kernel,
                          &fwd, &allowed, &int_ok, &float_ok, &check_tape, &same_shape, &prim,
                          &reflect))
        return NULL;
    if (op < 0 || op >= N_OPS || kernel < K_CALL || kernel > K_TRUEDIV_QUIET) {
        PyErr_SetString(PyExc_ValueError, "register_op: bad op or kernel");
        return NULL;
    }
    if (g_tensor_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "register_op: call configure() first");
        return NULL;
    }
    if (kernel == K_TRUEDIV_QUIET && g_errstate_var == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "register_op: call set_errstate() first");
        return NULL;
    }
    memset(&info, 0, sizeof(info));
    info.kernel = kernel;
    info.check_tape = check_tape;
    info.same_shape = same_shape;
    info.fallback = fallback;
    Py_INCREF(fallback);
    info.rfallback = rfallback == Py_None ? NULL : rfallback;
    Py_XINCREF(info.rfallback);
    info.fwd = fwd == Py_None ? NULL : fwd;
    Py_XINCREF(info.fwd);
    info.reflect = reflect;
    if (prim != Py_None) {
        if (g_empty_params == NULL || g_diff_dtypes == NULL) {
            PyErr_SetString(PyExc_RuntimeError, "register_op: call set_record_info() first");
            Py_DECREF(info.fallback);
            Py_XDECREF(info.rfallback);
            Py_XDECREF(info.fwd);
            return NULL;
        }
        info.prim = prim;
        Py_INCREF(prim);
    }
    if (kernel == K_CALL && info.fwd == NULL)
        allowed = int_ok = float_ok = Py_None;
    if ((info.allowed = as_tuple_or_null(allowed)) == NULL && allowed != Py_None)
        goto fail;
    if ((info.int_ok = as_tuple_or_null(int_ok)) == NULL && int_ok != Py_None)
        goto fail;
    if ((info.float_ok = as_tuple_or_null(float_ok)) == NULL && float_ok != Py_None)
        goto fail;
    {
        OpInfo old = g_ops[op];
        g_ops[op] = info;
        Py_XDECREF(old.fallback);
        Py_XDECREF(old.rfallback);
        Py_XDECREF(old.fwd);
        Py_XDECREF(old.prim);
        Py_XDECREF(old.allowed);
        Py_XDECREF(old.int_ok);
        Py_XDECREF(old.float_ok);
    }
    Py_RETURN_NONE;
fail:
    Py_XDECREF(info.fallback);
    Py_XDECREF(info.rfallback);
    Py_XDECREF(info.fwd);
    Py_XDECREF(info.prim);
    Py_XDECREF(info.allowed);
    Py_XDECREF(info.int_ok);
    return NULL;
}

static PyObject *
set_errstate(PyObject *mod, PyObject *args)
{
    PyObject *var, *ignore;
    if (!PyArg_ParseTuple(args, "O!O:set_errstate", &PyContextVar_Type, &var, &ignore))
        return NULL;
    Py_INCREF(var);
    Py_XSETREF(g_errstate_var, var);
    Py_INCREF(ignore);
    Py_XSETREF(g_errstate_ignore, ignore);
    Py_RETURN_NONE;
}

static PyObject *
set_record_info(PyObject *mod, PyObject *args)
{
    PyObject *params, *diff;
    if (!PyArg_ParseTuple(args, "O!O!:set_record_info", &PyDict_Type, &params, &PyTuple_Type, &diff))
        return NULL;
    Py_INCREF(params);
    Py_XSETREF(g_empty_params, params);
    Py_INCREF(diff);
    Py_XSETREF(g_diff_dtypes, diff);
    Py_RETURN_NONE;
}

static PyObject *
set_state(PyObject *mod, PyObject *state)
{
    if (!PyObject_TypeCheck(state, &StateType)) {
        PyErr_SetString(PyExc_TypeError, "set_state: expected a State");
        return NULL;
    }
    Py_INCREF(state);
    Py_XSETREF(g_state, (StateObject *)state);
    Py_RETURN_NONE;
}

/* (ndim, shape, dtype) of an ndarray as read through our mirror of NumPy's struct; the shim
 * compares it with NumPy's own answer before enabling the accelerator. */
static PyObject *
probe(PyObject *mod, PyObject *arr)
{
    PyObject *shape;
    int i, nd;
    if (!PyObject_TypeCheck(arr, g_ndarray_type ? g_ndarray_type : Py_TYPE(arr))) {
        PyErr_SetString(PyExc_TypeError, "probe: expected an ndarray");
        return NULL;
    }
    nd = ARR_ND(arr);
    if (nd < 0 || nd > 64) {
        PyErr_SetString(PyExc_ValueError, "probe: implausible ndim");
        return NULL;
    }
    shape = PyTuple_New(nd);
    if (shape == NULL)
        return NULL;
    for (i = 0; i < nd; i++) {
        PyObject *x = PyLong_FromSsize_t(ARR_DIMS(arr)[i]);
        if (x == NULL) {
            Py_DECREF(shape);
            return NULL;
        }
        PyTuple_SET_ITEM(shape, i, x);
    }
    return Py_BuildValue("(iNO)", nd, shape, ARR_DESCR(arr));
}

static PyMethodDef module_methods[] = {
    {"fast_binary_function", fast_binary_function, METH_VARARGS,
     "fast_binary_function(func, op): func, but a call (Tensor, y) runs ``x OP y`` directly"},
    {"configure", configure, METH_VARARGS,
     "configure(tensor_type, ndarray_type, asarray): the class the fast paths create"},
    {"register_op", register_op, METH_VARARGS,
     "register_op(op, fallback, rfallback, kernel, fwd, allowed, int_ok, float_ok, check_tape, "
     "same_shape)"},
    {"set_errstate", set_errstate, METH_VARARGS,
     "set_errstate(contextvar, ignore_value): NumPy's errstate variable and its all-ignore value"},
    {"set_record_info", set_record_info, METH_VARARGS,
     "set_record_info(params, diff_dtypes): the params dict of recorded operator nodes and the "
     "output dtypes a tape watches"},
    {"set_state", set_state, METH_O, "set_state(state): the State whose n the fast paths read"},
    {"probe", probe, METH_O, "probe(ndarray) -> (ndim, shape, dtype) read from the C struct"},
    {NULL}
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "eagerflow._speedups",
    "Optional C accelerator for eagerflow's eager hot path.", -1, module_methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    PyObject *m;
    TensorBaseType.tp_new = PyBaseObject_Type.tp_new;
    if (PyType_Ready(&TensorBaseType) < 0 || PyType_Ready(&StateType) < 0 ||
            PyType_Ready(&FastBinaryType) < 0)
        return NULL;
    m = PyModule_Create(&moduledef);
    if (m == NULL)
        return NULL;
    g_notimpl_sentinel = PyObject_New(PyObject, &PyBaseObject_Type);
    if (g_notimpl_sentinel == NULL)
        goto fail;
    g_state = PyObject_GC_New(StateObject, &StateType);
    if (g_state == NULL)
        goto fail;
    g_state->n = 0;
    g_state->record = NULL;
    g_state->fast_watched = NULL;
    g_state->fast_nodes = NULL;
    g_state->fast_tid = 0;
    PyObject_GC_Track(g_state);
    Py_INCREF(&TensorBaseType);
    if (PyModule_AddObject(m, "TensorBase", (PyObject *)&TensorBaseType) < 0)
        goto fail;
    Py_INCREF(&StateType);
    if (PyModule_AddObject(m, "State", (PyObject *)&StateType) < 0)
        goto fail;
    Py_INCREF(g_state);
    if (PyModule_AddObject(m, "STATE", (PyObject *)g_state) < 0)
        goto fail;
    if (PyModule_AddIntConstant(m, "OP_ADD", OP_ADD) || PyModule_AddIntConstant(m, "OP_SUB", OP_SUB) ||
            PyModule_AddIntConstant(m, "OP_MUL", OP_MUL) ||
            PyModule_AddIntConstant(m, "OP_TRUEDIV", OP_TRUEDIV) ||
            PyModule_AddIntConstant(m, "OP_LT", OP_LT) || PyModule_AddIntConstant(m, "OP_LE", OP_LE) ||
            PyModule_AddIntConstant(m, "OP_EQ", OP_EQ) || PyModule_AddIntConstant(m, "OP_NE", OP_NE) ||
            PyModule_AddIntConstant(m, "OP_GT", OP_GT) || PyModule_AddIntConstant(m, "OP_GE", OP_GE) ||
            PyModule_AddIntConstant(m, "K_CALL", K_CALL) || PyModule_AddIntConstant(m, "K_ADD", K_ADD) ||
            PyModule_AddIntConstant(m, "K_SUB", K_SUB) || PyModule_AddIntConstant(m, "K_MUL", K_MUL) ||
            PyModule_AddIntConstant(m, "K_RICHCMP", K_RICHCMP) ||
            PyModule_AddIntConstant(m, "K_TRUEDIV_QUIET", K_TRUEDIV_QUIET))
        goto fail;
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
