/* eagerflow._speedups: an OPTIONAL C version of the engine's one dispatch path.
 *
 * It provides
 *   - PrimBase: the base type of eagerflow's Primitive.  Calling a primitive runs, in C, the common
 *     case of the dispatch path that engine/primitive.py defines in Python: every positional
 *     argument an exact Tensor holding a NumPy ndarray (or, for ``weak`` primitives, a Python
 *     int/float that NumPy's weak scalar rule converts exactly as TF would), the dtype attr shared
 *     and admitted, no graph being traced and no device scope (engine/device.py); then the forward (NumPy's floating-point warnings off for ``quiet`` primitives), the
 *     wrap, and the hook: when a tape is active the op is recorded (the single-tape case here, every
 *     other case by the Python ``STATE.record``).  Anything else, or any exception from the forward,
 *     goes to the primitive's Python ``_slow`` method, which redoes the call with TF's full rules and
 *     errors.  Nothing here is specific to one op.
 *   - TensorBase: the base type of eagerflow.Tensor, holding ``_v`` and a weakref list.  Its number,
 *     comparison and subscript slots bind the primitive registered for the operator (the same call
 *     as above) and call the Python operator function when that call is not the common case.
 *   - State: the engine's process-wide listener counts (``n``: tapes and accumulators, ``g``: graph
 *     tracers) and the single-tape fast record slot, readable from C.
 *
 * It does not need the NumPy C API (no build dependency on numpy): it reads the public, long-stable
 * ndarray struct layout and the Python shim (_accel.py) checks that layout at import, disabling the
 * accelerator if it does not match.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <pythread.h>

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

#define MAX_ARGS 8

/* -- State ---------------------------------------------------------------------------------- */
typedef struct {
    PyObject_HEAD
    Py_ssize_t n;       /* active tapes and forward accumulators, all threads */
    Py_ssize_t g;       /* graph tracers active, all threads */
    Py_ssize_t d;       /* tf.device scopes placing ops on a device, all threads */
    PyObject *record;   /* record(prim, inputs, outputs, params): the Python hook */
    PyObject *fast;     /* None, or (thread id, watched dict, nodes list, tape): the one thread
                         * whose only active listener is one recording tape */
} StateObject;

static int
State_traverse(StateObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->record);
    Py_VISIT(self->fast);
    return 0;
}

static int
State_clear(StateObject *self)
{
    Py_CLEAR(self->record);
    Py_CLEAR(self->fast);
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
    {"n", T_PYSSIZET, offsetof(StateObject, n), 0, "active tapes and accumulators (all threads)"},
    {"g", T_PYSSIZET, offsetof(StateObject, g), 0, "active graph tracers (all threads)"},
    {"d", T_PYSSIZET, offsetof(StateObject, d), 0, "device scopes placing ops (all threads)"},
    {"record", T_OBJECT, offsetof(StateObject, record), 0, "the Python record hook"},
    {"fast", T_OBJECT, offsetof(StateObject, fast), 0,
     "None or (thread id, watched, nodes, tape) of the single-tape fast record path"},
    {NULL}
};

static PyTypeObject StateType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "eagerflow._speedups.State",
    .tp_basicsize = sizeof(StateObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "The engine's listener counts and fast record slot; C reads them directly.",
    .tp_traverse = (traverseproc)State_traverse,
    .tp_clear = (inquiry)State_clear,
    .tp_dealloc = (destructor)State_dealloc,
    .tp_members = State_members,
    .tp_new = PyType_GenericNew,
};

/* -- configuration (configure()) -------------------------------------------------------------- */
static PyTypeObject *g_tensor_type = NULL;   /* the Python class eagerflow.Tensor */
static PyTypeObject *g_ndarray_type = NULL;  /* numpy.ndarray */
static PyObject *g_asarray = NULL;           /* _result_array: a result as a 0-d or device array */
static StateObject *g_state = NULL;
static PyObject *g_errstate_var = NULL;      /* NumPy's errstate context variable */
static PyObject *g_errstate_ignore = NULL;   /* its "ignore all" value */
static PyObject *g_weak_int = NULL;          /* dtypes a Python int operand may join as is */
static PyObject *g_weak_int_bounds = NULL;   /* per dtype of g_weak_int: (lo, hi) it holds exactly */
static PyObject *g_weak_float = NULL;        /* dtypes a Python float operand may join as is */
static PyObject *g_watch_dtypes = NULL;      /* output dtypes a tape watches */
static PyObject *g_empty_params = NULL;      /* params of nodes recorded without keywords */
static PyObject *g_not_handled = NULL;       /* internal marker: "not the common case" */
static PyObject *g_slow_name = NULL;         /* "_slow" */
static PyObject *g_name_str = NULL;          /* "name" */
static PyTypeObject *g_variable_base = NULL; /* VariableBase: read (``_read()``) as its tensor */
static PyObject *g_read_name = NULL;         /* "_read" */

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

/* -- TensorBase ------------------------------------------------------------------------------ */
typedef struct {
    PyObject_HEAD
    PyObject *v;
    PyObject *x;           /* ``_x``: what a tensor subclass attaches (a variable slice's target) */
    PyObject *weakreflist;
} TensorObject;

static PyTypeObject TensorBaseType;

static int
Tensor_traverse(TensorObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->v);
    Py_VISIT(self->x);
    return 0;
}

static int
Tensor_clear(TensorObject *self)
{
    Py_CLEAR(self->v);
    Py_CLEAR(self->x);
    return 0;
}

static void
Tensor_dealloc(TensorObject *self)
{
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL)
        PyObject_ClearWeakRefs((PyObject *)self);
    Py_CLEAR(self->v);
    Py_CLEAR(self->x);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* A new Tensor (the exact registered class) holding r (stolen); anything but an ndarray (a NumPy
 * scalar, a device array read from a variable) goes through g_asarray (_result_array). */
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

/* -- PrimBase ------------------------------------------------------------------------------- */
typedef struct {
    PyObject_HEAD
    PyObject *name;      /* TF's op name */
    PyObject *fwd;       /* forward(*arrays, **params) */
    PyObject *dtypes;    /* tuple of admitted dtypes of the matched inputs, or None: any */
    PyObject *match;     /* tuple of input positions sharing the dtype attr, or None: all */
    int quiet;           /* run the forward with NumPy's floating-point warnings off */
    int weak;            /* Python int/float operands may go to the forward as they are */
    int multiple;        /* the forward returns a sequence of arrays */
    int fast;            /* 0: always take the Python path */
    int ninputs;         /* TF's number of tensor inputs of a public primitive, or -1 */
    int positional;      /* the forward takes the attributes positionally, in call order */
    PyObject *dict;
    PyObject *weakreflist;
    vectorcallfunc vectorcall;
} PrimObject;

static int
Prim_traverse(PrimObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->name);
    Py_VISIT(self->fwd);
    Py_VISIT(self->dtypes);
    Py_VISIT(self->match);
    Py_VISIT(self->dict);
    return 0;
}

static int
Prim_clear(PrimObject *self)
{
    Py_CLEAR(self->name);
    Py_CLEAR(self->fwd);
    Py_CLEAR(self->dtypes);
    Py_CLEAR(self->match);
    Py_CLEAR(self->dict);
    return 0;
}

static void
Prim_dealloc(PrimObject *self)
{
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL)
        PyObject_ClearWeakRefs((PyObject *)self);
    Prim_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
is_matched(PrimObject *p, Py_ssize_t i)
{
    Py_ssize_t k, n;
    if (p->match == NULL || p->match == Py_None)
        return 1;
    n = PyTuple_GET_SIZE(p->match);
    for (k = 0; k < n; k++) {
        PyObject *o = PyTuple_GET_ITEM(p->match, k);
        if (PyLong_CheckExact(o) && PyLong_AsSsize_t(o) == i)
            return 1;
    }
    return 0;
}

/* The record hook.  Single-tape fast path (the tape of STATE.fast, when it belongs to this thread):
 * append (prim, inputs, outputs, params) if the tape watches an input, and watch the outputs whose
 * dtype is differentiable.  Otherwise the Python hook decides. */
static int
record(PyObject *prim, PyObject *inputs, PyObject *outputs, PyObject *params)
{
    PyObject *fast = g_state->fast;
    /* an op without tensor inputs (a variable read, a random draw) can only matter to the Python
     * hook: no tape watches its inputs */
    if (PyTuple_GET_SIZE(inputs) > 0 && fast != NULL && PyTuple_CheckExact(fast) &&
            PyTuple_GET_SIZE(fast) >= 3 &&
            PyLong_AsUnsignedLong(PyTuple_GET_ITEM(fast, 0)) == PyThread_get_thread_ident()) {
        PyObject *w = PyTuple_GET_ITEM(fast, 1), *nodes = PyTuple_GET_ITEM(fast, 2), *node, *key;
        Py_ssize_t i, n = PyTuple_GET_SIZE(inputs);
        int found = 0, rc;
        for (i = 0; i < n && !found; i++) {
            key = PyLong_FromVoidPtr(PyTuple_GET_ITEM(inputs, i));
            if (key == NULL)
                return -1;
            found = PyDict_Contains(w, key);
            Py_DECREF(key);
            if (found < 0)
                return -1;
        }
        if (!found)
            return 0;
        node = PyTuple_Pack(4, prim, inputs, outputs, params);
        if (node == NULL)
            return -1;
        /* a node is never part of a reference cycle (tensors, arrays, primitives and the
         * keyword values of a call never point back at a tape), so the cyclic collector need
         * not rescan a long tape's nodes on every collection */
        if (PyObject_GC_IsTracked(inputs))
            PyObject_GC_UnTrack(inputs);
        if (PyObject_GC_IsTracked(outputs))
            PyObject_GC_UnTrack(outputs);
        PyObject_GC_UnTrack(node);
        rc = PyList_Append(nodes, node);
        Py_DECREF(node);
        if (rc < 0)
            return -1;
        n = PyTuple_GET_SIZE(outputs);
        for (i = 0; i < n; i++) {
            PyObject *t = PyTuple_GET_ITEM(outputs, i), *v = ((TensorObject *)t)->v;
            if (Py_TYPE(v) == g_ndarray_type) {
                if (!in_tuple(g_watch_dtypes, ARR_DESCR(v)))
                    continue;
            }
            else {  /* a device array (a variable read): its dtype object is NumPy's too */
                PyObject *d = PyObject_GetAttrString(v, "dtype");
                int watched;
                if (d == NULL)
                    return -1;
                watched = in_tuple(g_watch_dtypes, d);
                Py_DECREF(d);
                if (!watched)
                    continue;
            }
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
    {
        PyObject *r, *args[4] = {prim, inputs, outputs, params};
        if (g_state->record == NULL || g_state->record == Py_None)
            return 0;
        r = PyObject_Vectorcall(g_state->record, args, 4, NULL);
        if (r == NULL)
            return -1;
        Py_DECREF(r);
    }
    return 0;
}

/* A Python int joins an array of dtype d as NumPy's weak scalar only where TF's conversion gives
 * the same number: d admits ints and the value lies in d's range (NumPy would wrap, raise, or
 * compare out-of-range ints where TF's conversion raises). */
static int
weak_int_ok(PyObject *x, PyObject *d)
{
    Py_ssize_t i, n = PyTuple_GET_SIZE(g_weak_int);
    int overflow = 0;
    long long v;
    for (i = 0; i < n; i++) {
        if (PyTuple_GET_ITEM(g_weak_int, i) == d) {
            PyObject *b = PyTuple_GET_ITEM(g_weak_int_bounds, i);
            v = PyLong_AsLongLongAndOverflow(x, &overflow);
            if (overflow || (v == -1 && PyErr_Occurred())) {
                PyErr_Clear();
                return 0;
            }
            return v >= PyLong_AsLongLong(PyTuple_GET_ITEM(b, 0)) &&
                   v <= PyLong_AsLongLong(PyTuple_GET_ITEM(b, 1));
        }
    }
    return 0;
}

/* The common case of the dispatch path.  Returns a new reference, NULL with an exception set, or a
 * new reference to g_not_handled when the Python path must decide. */
static PyObject *
prim_try(PrimObject *p, PyObject *const *args, Py_ssize_t n, PyObject *kwnames, PyObject *restrict_)
{
    PyObject *call[MAX_ARGS + 4];
    PyObject *owned[MAX_ARGS];  /* tensors read from variable arguments */
    PyObject *d0 = NULL, *r, *token = NULL, *out = NULL, *outputs, *inputs, *params;
    PyObject *result = NULL;
    Py_ssize_t i, nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0, nowned = 0;
    int weak = 0;

    if (!p->fast || p->fwd == NULL || g_tensor_type == NULL || g_state->g || g_state->d ||
            n > MAX_ARGS ||
            nkw > 4 || (p->ninputs >= 0 && (n != p->ninputs || nkw))) {
        Py_INCREF(g_not_handled);
        return g_not_handled;
    }
    for (i = 0; i < n; i++)
        owned[i] = NULL;
    for (i = 0; i < nkw; i++)
        if (PyTuple_GET_ITEM(kwnames, i) == g_name_str ||
                PyUnicode_Compare(PyTuple_GET_ITEM(kwnames, i), g_name_str) == 0)
            goto not_handled;  /* ``name=`` matters to graphs: the Python path drops it */
    for (i = 0; i < n; i++) {
        PyObject *a = args[i];
        if (g_variable_base != NULL && Py_TYPE(a) != g_tensor_type &&
                PyObject_TypeCheck(a, g_variable_base)) {
            /* a variable argument is its value: the ReadVariableOp primitive's tensor */
            a = PyObject_CallMethodNoArgs(a, g_read_name);
            if (a == NULL)
                goto error;
            owned[i] = a;
            nowned++;
            if (Py_TYPE(a) != g_tensor_type)
                goto not_handled;
        }
        if (Py_TYPE(a) == g_tensor_type) {
            PyObject *v = ((TensorObject *)a)->v;
            if (Py_TYPE(v) != g_ndarray_type)
                goto not_handled;  /* a device array: the Python path places the op */
            call[i] = v;
            if (is_matched(p, i)) {
                if (d0 == NULL)
                    d0 = ARR_DESCR(v);
                else if (ARR_DESCR(v) != d0)
                    goto not_handled;
            }
        }
        else if (p->weak && (PyFloat_CheckExact(a) || PyLong_CheckExact(a)) && is_matched(p, i)) {
            call[i] = a;
            weak = 1;
        }
        else
            goto not_handled;
    }
    if (d0 == NULL) {
        if (weak)
            goto not_handled;
        if (p->dtypes != NULL && p->dtypes != Py_None && n)
            goto not_handled;
    }
    else if ((p->dtypes != NULL && p->dtypes != Py_None && !in_tuple(p->dtypes, d0)) ||
             (restrict_ != NULL && !in_tuple(restrict_, d0)))
        goto not_handled;
    if (weak) {
        if (g_state->n)
            goto not_handled;  /* a tape records tensors: the Python path converts the scalar */
        for (i = 0; i < n; i++) {
            if (PyFloat_CheckExact(args[i]) && !in_tuple(g_weak_float, d0))
                goto not_handled;
            if (PyLong_CheckExact(args[i]) && !weak_int_ok(args[i], d0))
                goto not_handled;
        }
    }
    for (i = 0; i < nkw; i++)
        call[n + i] = args[n + i];

    if (p->quiet && g_errstate_var != NULL) {
        token = PyContextVar_Set(g_errstate_var, g_errstate_ignore);
        if (token == NULL)
            goto error;
    }
    r = p->positional ? PyObject_Vectorcall(p->fwd, call, n + nkw, NULL)
                      : PyObject_Vectorcall(p->fwd, call, n, kwnames);
    if (token != NULL) {
        if (PyContextVar_Reset(g_errstate_var, token) < 0) {
            Py_DECREF(token);
            Py_XDECREF(r);
            goto error;
        }
        Py_DECREF(token);
    }
    if (r == NULL) {
        if (PyErr_ExceptionMatches(PyExc_Exception)) {
            PyErr_Clear();  /* the Python path raises TF's error */
            goto not_handled;
        }
        goto error;
    }
    if (p->multiple) {
        PyObject *seq = PySequence_Fast(r, "forward must return a sequence");
        Py_ssize_t m;
        Py_DECREF(r);
        if (seq == NULL)
            goto error;
        m = PySequence_Fast_GET_SIZE(seq);
        out = PyList_New(m);
        if (out == NULL) {
            Py_DECREF(seq);
            goto error;
        }
        for (i = 0; i < m; i++) {
            PyObject *o = PySequence_Fast_GET_ITEM(seq, i), *t;
            Py_INCREF(o);
            t = new_tensor(o);
            if (t == NULL) {
                Py_DECREF(seq);
                goto fail;
            }
            PyList_SET_ITEM(out, i, t);
        }
        Py_DECREF(seq);
    }
    else {
        out = new_tensor(r);
        if (out == NULL)
            goto error;
    }
    if (!g_state->n) {
        result = out;
        goto done;
    }

    /* the hook: a tape is active somewhere */
    inputs = PyTuple_New(n);
    if (inputs == NULL)
        goto fail;
    for (i = 0; i < n; i++) {
        PyObject *a = owned[i] != NULL ? owned[i] : args[i];
        Py_INCREF(a);
        PyTuple_SET_ITEM(inputs, i, a);
    }
    outputs = p->multiple ? PyList_AsTuple(out) : PyTuple_Pack(1, out);
    if (outputs == NULL) {
        Py_DECREF(inputs);
        goto fail;
    }
    if (nkw) {
        params = PyDict_New();
        if (params == NULL) {
            Py_DECREF(inputs);
            Py_DECREF(outputs);
            goto fail;
        }
        for (i = 0; i < nkw; i++) {
            if (PyDict_SetItem(params, PyTuple_GET_ITEM(kwnames, i), args[n + i]) < 0) {
                Py_DECREF(params);
                Py_DECREF(inputs);
                Py_DECREF(outputs);
                goto fail;
            }
        }
    }
    else {
        params = g_empty_params;
        Py_INCREF(params);
    }
    if (record((PyObject *)p, inputs, outputs, params) < 0) {
        Py_DECREF(params);
        Py_DECREF(inputs);
        Py_DECREF(outputs);
        goto fail;
    }
    Py_DECREF(params);
    Py_DECREF(inputs);
    Py_DECREF(outputs);
    result = out;
    goto done;
fail:
    Py_XDECREF(out);
error:
    result = NULL;
    goto done;
not_handled:
    Py_INCREF(g_not_handled);
    result = g_not_handled;
done:
    if (nowned)
        for (i = 0; i < n; i++)
            Py_XDECREF(owned[i]);
    return result;
}

/* self._slow(args, kwargs): the Python dispatch path with TF's full rules */
static PyObject *
prim_slow(PrimObject *p, PyObject *const *args, Py_ssize_t n, PyObject *kwnames)
{
    PyObject *tup, *kw = NULL, *r, *call[3];
    Py_ssize_t i, nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    tup = PyTuple_New(n);
    if (tup == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        Py_INCREF(args[i]);
        PyTuple_SET_ITEM(tup, i, args[i]);
    }
    kw = PyDict_New();
    if (kw == NULL) {
        Py_DECREF(tup);
        return NULL;
    }
    for (i = 0; i < nkw; i++) {
        if (PyDict_SetItem(kw, PyTuple_GET_ITEM(kwnames, i), args[n + i]) < 0) {
            Py_DECREF(tup);
            Py_DECREF(kw);
            return NULL;
        }
    }
    call[0] = (PyObject *)p;
    call[1] = tup;
    call[2] = kw;
    r = PyObject_VectorcallMethod(g_slow_name, call, 3 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    Py_DECREF(tup);
    Py_DECREF(kw);
    return r;
}

static PyObject *
Prim_vectorcall(PrimObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t n = PyVectorcall_NARGS(nargsf);
    PyObject *r = prim_try(self, args, n, kwnames, NULL);
    if (r != g_not_handled)
        return r;
    Py_DECREF(r);
    return prim_slow(self, args, n, kwnames);
}

static PyObject *
Prim_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PrimObject *self = (PrimObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->vectorcall = (vectorcallfunc)Prim_vectorcall;
    self->ninputs = -1;
    Py_INCREF(Py_None);
    self->dtypes = Py_None;
    Py_INCREF(Py_None);
    self->match = Py_None;
    return (PyObject *)self;
}

static PyMemberDef Prim_members[] = {
    {"name", T_OBJECT, offsetof(PrimObject, name), 0, "TF's op name"},
    {"fwd", T_OBJECT, offsetof(PrimObject, fwd), 0, "the NumPy forward"},
    {"dtype_tuple", T_OBJECT, offsetof(PrimObject, dtypes), 0, "admitted dtypes (tuple) or None"},
    {"match_tuple", T_OBJECT, offsetof(PrimObject, match), 0, "positions sharing the dtype, or None"},
    {"quiet", T_INT, offsetof(PrimObject, quiet), 0, "floating-point warnings off"},
    {"weak", T_INT, offsetof(PrimObject, weak), 0, "Python numbers join as weak scalars"},
    {"multiple_results", T_INT, offsetof(PrimObject, multiple), 0, "returns several tensors"},
    {"c_fast", T_INT, offsetof(PrimObject, fast), 0, "C may run the common case"},
    {"c_ninputs", T_INT, offsetof(PrimObject, ninputs), 0, "declared number of inputs, or -1"},
    {"attrs_positional", T_INT, offsetof(PrimObject, positional), 0,
     "the forward takes the attributes positionally"},
    {NULL}
};

static PyGetSetDef Prim_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict},
    {NULL}
};

static PyTypeObject PrimBaseType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "eagerflow._speedups.PrimBase",
    .tp_basicsize = sizeof(PrimObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
                Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "The C half of a Primitive: its call runs the engine's dispatch path.",
    .tp_traverse = (traverseproc)Prim_traverse,
    .tp_clear = (inquiry)Prim_clear,
    .tp_dealloc = (destructor)Prim_dealloc,
    .tp_members = Prim_members,
    .tp_getset = Prim_getset,
    .tp_new = Prim_new,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(PrimObject, vectorcall),
    .tp_dictoffset = offsetof(PrimObject, dict),
    .tp_weaklistoffset = offsetof(PrimObject, weakreflist),
};

/* -- operators on TensorBase ---------------------------------------------------------------- */
enum { OP_ADD, OP_SUB, OP_MUL, OP_TRUEDIV, OP_LT, OP_LE, OP_EQ, OP_NE, OP_GT, OP_GE, OP_GETITEM,
       N_OPS };

typedef struct {
    PrimObject *prim;     /* the primitive the operator binds */
    PyObject *fallback;   /* Python ``tensor OP other`` */
    PyObject *rfallback;  /* Python reflected ``other OP tensor``, called as rfallback(tensor, other) */
    PyObject *dtypes;     /* tuple: the dtypes for which the operator means ``prim``, or NULL: all */
} OpInfo;

static OpInfo g_ops[N_OPS];
static PyObject *g_key_kwnames = NULL;  /* ("key",) */

static PyObject *
call2(PyObject *f, PyObject *x, PyObject *y)
{
    PyObject *args[2] = {x, y};
    if (f == NULL)
        Py_RETURN_NOTIMPLEMENTED;
    return PyObject_Vectorcall(f, args, 2, NULL);
}

static PyObject *
binary(int op, PyObject *a, PyObject *b)
{
    OpInfo *info = &g_ops[op];
    PyObject *args[2] = {a, b}, *r;
    int a_is = PyObject_TypeCheck(a, &TensorBaseType);
    if (info->prim != NULL && (Py_TYPE(a) == g_tensor_type || Py_TYPE(b) == g_tensor_type)) {
        r = prim_try(info->prim, args, 2, NULL, info->dtypes);
        if (r != g_not_handled)
            return r;
        Py_DECREF(r);
    }
    if (a_is)
        return call2(info->fallback, a, b);
    return call2(info->rfallback, b, a);
}

#define BINSLOT(fname, OP) \
    static PyObject *fname(PyObject *a, PyObject *b) { return binary(OP, a, b); }

BINSLOT(Tensor_add, OP_ADD)
BINSLOT(Tensor_sub, OP_SUB)
BINSLOT(Tensor_mul, OP_MUL)
BINSLOT(Tensor_truediv, OP_TRUEDIV)

static PyObject *
Tensor_richcompare(PyObject *a, PyObject *b, int cmpop)
{
    static const int map[6] = {OP_LT, OP_LE, OP_EQ, OP_NE, OP_GT, OP_GE};
    OpInfo *info = &g_ops[map[cmpop]];
    PyObject *args[2] = {a, b}, *r;
    if (info->prim != NULL && Py_TYPE(a) == g_tensor_type) {
        r = prim_try(info->prim, args, 2, NULL, info->dtypes);
        if (r != g_not_handled)
            return r;
        Py_DECREF(r);
    }
    return call2(info->fallback, a, b);
}

/* a basic index NumPy reads exactly as TF's strided slice does (anything else: Python decides) */
static int
simple_index(PyObject *k)
{
    return PyLong_CheckExact(k) || PySlice_Check(k) || k == Py_None || k == Py_Ellipsis;
}

static PyObject *
Tensor_subscript(PyObject *a, PyObject *key)
{
    OpInfo *info = &g_ops[OP_GETITEM];
    int simple = simple_index(key);
    if (!simple && PyTuple_CheckExact(key) && PyTuple_GET_SIZE(key) > 0) {
        Py_ssize_t i;
        simple = 1;
        for (i = 0; i < PyTuple_GET_SIZE(key) && simple; i++)
            simple = simple_index(PyTuple_GET_ITEM(key, i));
    }
    if (simple && info->prim != NULL && Py_TYPE(a) == g_tensor_type) {
        PyObject *args[2] = {a, key};
        PyObject *r = prim_try(info->prim, args, 1, g_key_kwnames, info->dtypes);
        if (r != g_not_handled)
            return r;
        Py_DECREF(r);
    }
    return call2(info->fallback, a, key);
}

static PyNumberMethods Tensor_as_number = {
    .nb_add = Tensor_add,
    .nb_subtract = Tensor_sub,
    .nb_multiply = Tensor_mul,
    .nb_true_divide = Tensor_truediv,
};

/* Attribute lookup: the generic one (slots, the class, an instance dict), and where it fails TF's
 * message, which names its EagerTensor class. (A Python ``__getattr__`` would do the same but
 * slows every successful lookup, such as ``x._v`` in each op.) */
static PyObject *
Tensor_getattro(PyObject *self, PyObject *name)
{
    PyObject *r = PyObject_GenericGetAttr(self, name);
    if (r == NULL && PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
        PyErr_Format(PyExc_AttributeError,
                     "'tensorflow.python.framework.ops.EagerTensor' object has no attribute '%U'",
                     name);
    }
    return r;
}

static PyMappingMethods Tensor_as_mapping = {
    .mp_subscript = Tensor_subscript,
};

static PyMemberDef Tensor_members[] = {
    {"_v", T_OBJECT_EX, offsetof(TensorObject, v), 0, "the value (an ndarray never mutated)"},
    {"_x", T_OBJECT, offsetof(TensorObject, x), 0, "what a subclass attaches (or None)"},
    {NULL}
};

static PyTypeObject TensorBaseType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "eagerflow._speedups.TensorBase",
    .tp_basicsize = sizeof(TensorObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Base of eagerflow.Tensor: holds the ndarray; operators bind primitives in C.",
    .tp_traverse = (traverseproc)Tensor_traverse,
    .tp_clear = (inquiry)Tensor_clear,
    .tp_dealloc = (destructor)Tensor_dealloc,
    .tp_as_number = &Tensor_as_number,
    .tp_as_mapping = &Tensor_as_mapping,
    .tp_richcompare = Tensor_richcompare,
    .tp_getattro = Tensor_getattro,
    .tp_members = Tensor_members,
    .tp_weaklistoffset = offsetof(TensorObject, weakreflist),
    /* tp_new is set to object.__new__ at init, so ``object.__new__(Tensor)`` keeps working */
};

/* -- module functions ------------------------------------------------------------------------- */
static PyObject *
configure(PyObject *mod, PyObject *args)
{
    PyObject *tensor_cls, *ndarray, *asarray, *state, *errvar, *ignore, *wint, *wbounds, *wfloat;
    PyObject *watch;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOO", &tensor_cls, &ndarray, &asarray, &state, &errvar,
                          &ignore, &wint, &wbounds, &wfloat, &watch))
        return NULL;
    if (!PyType_Check(tensor_cls) || !PyType_IsSubtype((PyTypeObject *)tensor_cls, &TensorBaseType)) {
        PyErr_SetString(PyExc_TypeError, "configure: tensor class must subclass TensorBase");
        return NULL;
    }
    if (!PyObject_TypeCheck(state, &StateType)) {
        PyErr_SetString(PyExc_TypeError, "configure: state must be a State");
        return NULL;
    }
    if (!PyTuple_Check(wint) || !PyTuple_Check(wfloat) || !PyTuple_Check(watch) ||
            !PyTuple_Check(wbounds) || PyTuple_GET_SIZE(wbounds) != PyTuple_GET_SIZE(wint)) {
        PyErr_SetString(PyExc_TypeError, "configure: dtype sets must be tuples");
        return NULL;
    }
    Py_INCREF(tensor_cls);
    Py_XSETREF(g_tensor_type, (PyTypeObject *)tensor_cls);
    Py_INCREF(ndarray);
    Py_XSETREF(g_ndarray_type, (PyTypeObject *)ndarray);
    Py_INCREF(asarray);
    Py_XSETREF(g_asarray, asarray);
    Py_INCREF(state);
    Py_XSETREF(g_state, (StateObject *)state);
    if (errvar == Py_None) {
        Py_CLEAR(g_errstate_var);
    }
    else {
        Py_INCREF(errvar);
        Py_XSETREF(g_errstate_var, errvar);
    }
    Py_INCREF(ignore);
    Py_XSETREF(g_errstate_ignore, ignore);
    Py_INCREF(wint);
    Py_XSETREF(g_weak_int, wint);
    Py_INCREF(wbounds);
    Py_XSETREF(g_weak_int_bounds, wbounds);
    Py_INCREF(wfloat);
    Py_XSETREF(g_weak_float, wfloat);
    Py_INCREF(watch);
    Py_XSETREF(g_watch_dtypes, watch);
    Py_RETURN_NONE;
}

static PyObject *
set_operator(PyObject *mod, PyObject *args)
{
    int op;
    PyObject *prim, *fallback, *rfallback, *dtypes;
    if (!PyArg_ParseTuple(args, "iOOOO", &op, &prim, &fallback, &rfallback, &dtypes))
        return NULL;
    if (dtypes != Py_None && !PyTuple_Check(dtypes)) {
        PyErr_SetString(PyExc_TypeError, "set_operator: dtypes must be a tuple or None");
        return NULL;
    }
    if (op < 0 || op >= N_OPS) {
        PyErr_SetString(PyExc_ValueError, "set_operator: bad operator");
        return NULL;
    }
    if (prim != Py_None && !PyObject_TypeCheck(prim, &PrimBaseType)) {
        PyErr_SetString(PyExc_TypeError, "set_operator: prim must be a PrimBase or None");
        return NULL;
    }
    Py_XDECREF(g_ops[op].prim);
    Py_XDECREF(g_ops[op].fallback);
    Py_XDECREF(g_ops[op].rfallback);
    Py_XDECREF(g_ops[op].dtypes);
    g_ops[op].dtypes = dtypes == Py_None ? NULL : dtypes;
    Py_XINCREF(g_ops[op].dtypes);
    g_ops[op].prim = prim == Py_None ? NULL : (PrimObject *)prim;
    g_ops[op].fallback = fallback;
    g_ops[op].rfallback = rfallback == Py_None ? NULL : rfallback;
    Py_XINCREF(g_ops[op].prim);
    Py_INCREF(fallback);
    Py_XINCREF(g_ops[op].rfallback);
    Py_RETURN_NONE;
}

static PyObject *
set_variable_base(PyObject *mod, PyObject *cls)
{
    if (!PyType_Check(cls)) {
        PyErr_SetString(PyExc_TypeError, "set_variable_base: expected a type");
        return NULL;
    }
    Py_INCREF(cls);
    Py_XSETREF(g_variable_base, (PyTypeObject *)cls);
    Py_RETURN_NONE;
}

static PyObject *
enable_vectorcall(PyObject *mod, PyObject *cls)
{
    /* Python < 3.12 does not pass Py_TPFLAGS_HAVE_VECTORCALL on to subclasses made by ``class``;
     * their instances would be called through tp_call (a tuple per call).  The subclass keeps the
     * base's vectorcall offset and tp_call, so the flag is all it lacks. */
    PyTypeObject *t;
    if (!PyType_Check(cls) || !PyType_IsSubtype((PyTypeObject *)cls, &PrimBaseType)) {
        PyErr_SetString(PyExc_TypeError, "enable_vectorcall: expected a PrimBase subclass");
        return NULL;
    }
    t = (PyTypeObject *)cls;
    if (t->tp_call != PyVectorcall_Call) {
        PyErr_SetString(PyExc_TypeError, "enable_vectorcall: the subclass overrides __call__");
        return NULL;
    }
    t->tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
    PyType_Modified(t);
    Py_RETURN_NONE;
}

static PyObject *
probe(PyObject *mod, PyObject *arr)
{
    PyObject *shape;
    int i, nd;
    if (g_ndarray_type != NULL && !PyObject_TypeCheck(arr, g_ndarray_type)) {
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
        PyObject *d = PyLong_FromSsize_t(ARR_DIMS(arr)[i]);
        if (d == NULL) {
            Py_DECREF(shape);
            return NULL;
        }
        PyTuple_SET_ITEM(shape, i, d);
    }
    return Py_BuildValue("(iNO)", nd, shape, ARR_DESCR(arr));
}

static PyMethodDef module_methods[] = {
    {"configure", configure, METH_VARARGS,
     "configure(Tensor, ndarray, asarray, state, errstate_var, ignore, weak_int, weak_int_bounds, "
     "weak_float, watch_dtypes)"},
    {"set_operator", set_operator, METH_VARARGS,
     "set_operator(OP_x, prim or None, fallback, reflected fallback or None, dtypes or None)"},
    {"set_variable_base", set_variable_base, METH_O,
     "set_variable_base(VariableBase): variable arguments are read with ``_read()``"},
    {"enable_vectorcall", enable_vectorcall, METH_O,
     "enable_vectorcall(cls): instances of a PrimBase subclass are called by vectorcall"},
    {"probe", probe, METH_O, "probe(ndarray) -> (ndim, shape, dtype) read from the C struct"},
    {NULL}
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "eagerflow._speedups",
    "The optional C version of eagerflow's dispatch path (see _accel.py).", -1, module_methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    PyObject *m;
    TensorBaseType.tp_new = PyBaseObject_Type.tp_new;
    if (PyType_Ready(&StateType) < 0 || PyType_Ready(&TensorBaseType) < 0 ||
            PyType_Ready(&PrimBaseType) < 0)
        return NULL;
    m = PyModule_Create(&moduledef);
    if (m == NULL)
        return NULL;
    g_not_handled = PyObject_New(PyObject, &PyBaseObject_Type);
    g_empty_params = PyDict_New();
    g_slow_name = PyUnicode_InternFromString("_slow");
    g_name_str = PyUnicode_InternFromString("name");
    g_key_kwnames = Py_BuildValue("(s)", "key");
    g_read_name = PyUnicode_InternFromString("_read");
    if (g_not_handled == NULL || g_empty_params == NULL || g_slow_name == NULL ||
            g_name_str == NULL || g_key_kwnames == NULL || g_read_name == NULL)
        return NULL;
    PyUnicode_InternInPlace(&PyTuple_GET_ITEM(g_key_kwnames, 0));
    Py_INCREF(&StateType);
    Py_INCREF(&TensorBaseType);
    Py_INCREF(&PrimBaseType);
    if (PyModule_AddObject(m, "State", (PyObject *)&StateType) < 0 ||
            PyModule_AddObject(m, "TensorBase", (PyObject *)&TensorBaseType) < 0 ||
            PyModule_AddObject(m, "PrimBase", (PyObject *)&PrimBaseType) < 0)
        return NULL;
    PyModule_AddIntConstant(m, "OP_ADD", OP_ADD);
    PyModule_AddIntConstant(m, "OP_SUB", OP_SUB);
    PyModule_AddIntConstant(m, "OP_MUL", OP_MUL);
    PyModule_AddIntConstant(m, "OP_TRUEDIV", OP_TRUEDIV);
    PyModule_AddIntConstant(m, "OP_LT", OP_LT);
    PyModule_AddIntConstant(m, "OP_LE", OP_LE);
    PyModule_AddIntConstant(m, "OP_EQ", OP_EQ);
    PyModule_AddIntConstant(m, "OP_NE", OP_NE);
    PyModule_AddIntConstant(m, "OP_GT", OP_GT);
    PyModule_AddIntConstant(m, "OP_GE", OP_GE);
    PyModule_AddIntConstant(m, "OP_GETITEM", OP_GETITEM);
    PyModule_AddIntConstant(m, "MAX_ARGS", MAX_ARGS);
    return m;
}
