"""tf.image's boxes: non_max_suppression and non_max_suppression_with_scores (TF's
NonMaxSuppressionV3 / V5 kernels: greedy selection by score, ties to the lower index, hard
suppression above the IoU threshold, or Soft-NMS's Gaussian score decay with soft_nms_sigma > 0)
and draw_bounding_boxes (TF's DrawBoundingBoxes kernels). None carries a gradient (as in TF)."""
import numpy as np

from .. import dtypes as _dt
from .._export import export
from ..engine.primitive import Primitive
from ..ops._args import _err
from ..tensor import convert_to_tensor

_F32 = np.float32
_BOX_TYPES = frozenset(np.dtype(t) for t in (np.float16, np.float32))


def _corners(boxes):
    b = boxes.astype(_F32)
    lo = np.minimum(b[:, :2], b[:, 2:])
    hi = np.maximum(b[:, :2], b[:, 2:])
    return lo, hi, (hi[:, 0] - lo[:, 0]) * (hi[:, 1] - lo[:, 1])


def _iou(lo, hi, area, i, j):
    if area[i] <= 0 or area[j] <= 0:
        return _F32(0)
    inter_lo = np.maximum(lo[i], lo[j])
    inter_hi = np.minimum(hi[i], hi[j])
    inter = max(inter_hi[0] - inter_lo[0], _F32(0)) * max(inter_hi[1] - inter_lo[1], _F32(0))
    return _F32(inter / (area[i] + area[j] - inter))


def _check(op, boxes, scores, max_output_size, iou_threshold):
    if boxes.ndim != 2:
        raise _err(op, "boxes must be 2-D[%s] (Shape must be rank 2 but is rank %d)" % (
            ",".join(map(str, boxes.shape)), boxes.ndim))
    if boxes.shape[1] != 4:
        raise _err(op, "boxes must have 4 columns (Dimension must be 4 but is %d)" %
                   boxes.shape[1])
    if scores.ndim != 1:
        raise _err(op, "scores must be 1-D[%s] (Shape must be rank 1 but is rank %d)" % (
            ",".join(map(str, scores.shape)), scores.ndim))
    if scores.shape[0] != boxes.shape[0]:
        raise _err(op, "scores has incompatible shape (Dimensions must be equal, but are %d "
                   "and %d)" % (boxes.shape[0], scores.shape[0]))
    if not 0 <= iou_threshold <= 1:
        raise _err(op, "iou_threshold must be in [0, 1]")
    if max_output_size < 0:
        raise _err(op, "output size must be non-negative")


def _select(boxes, scores, max_output_size, iou_threshold, score_threshold, sigma, op):
    """TF's kernel loop: (selected indices, their possibly decayed scores)."""
    import heapq  # (here: 0.6 ms of tf.image's first use otherwise)
    _check(op, boxes, scores, max_output_size, iou_threshold)
    t = scores.dtype.type
    iou_threshold, score_threshold = t(iou_threshold), t(score_threshold)
    soft = sigma > 0
    scale = t(-0.5) / t(sigma) if soft else t(0)
    lo, hi, area = _corners(boxes)
    heap = [(-scores[i], i, 0) for i in range(len(scores)) if scores[i] > score_threshold]
    heapq.heapify(heap)  # highest score first, ties to the lower index
    selected, kept = [], []
    while len(selected) < max_output_size and heap:
        neg, i, begin = heapq.heappop(heap)
        score = original = -neg
        hard = False
        for j in range(len(selected) - 1, begin - 1, -1):
            sim = t(_iou(lo, hi, area, i, selected[j]))
            weight = np.exp(scale * sim * sim)
            score = t(score * (weight if soft or sim <= iou_threshold else t(0)))
            if not soft and sim > iou_threshold:
                hard = True
                break
            if score <= score_threshold:
                break
        if hard:
            continue
        if score == original:
            selected.append(i)
            kept.append(score)
        elif score > score_threshold:
            heapq.heappush(heap, (-score, i, len(selected)))
    return np.array(selected, np.int32), np.array(kept, scores.dtype)


def _v3(boxes, scores, max_output_size, iou_threshold, score_threshold):
    return _select(boxes, scores, max_output_size, iou_threshold, score_threshold, 0.0,
                   "NonMaxSuppressionV3")[0]


def _v5(boxes, scores, max_output_size, iou_threshold, score_threshold, soft_nms_sigma):
    idx, kept = _select(boxes, scores, max_output_size, iou_threshold, score_threshold,
                        soft_nms_sigma, "NonMaxSuppressionV5")
    return idx, kept, np.array(len(idx), np.int32)


# a sequential loop over host scalars: the kernels run on the host (their inputs copied there)
_nms_v3 = Primitive("NonMaxSuppressionV3", _v3, dtypes=_BOX_TYPES, differentiable=False,
                    host=True)
_nms_v5 = Primitive("NonMaxSuppressionV5", _v5, dtypes=_BOX_TYPES, differentiable=False,
                    multiple_results=True, host=True)


def _scalar(v, dtype=None):
    return convert_to_tensor(v, dtype=dtype)._v.item()


@export("image.non_max_suppression")
def non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5,
                        score_threshold=float("-inf"), name=None):
    """Indices (int32) of the highest-scoring boxes, greedily dropping any box whose IoU with a
    kept one exceeds iou_threshold; at most max_output_size of them."""
    return _nms_v3(boxes, scores, max_output_size=int(_scalar(max_output_size, _dt.int32)),
                   iou_threshold=float(_scalar(iou_threshold)),
                   score_threshold=float(_scalar(score_threshold)))


@export("image.non_max_suppression_with_scores")
def non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
                                    score_threshold=float("-inf"), soft_nms_sigma=0.0, name=None):
    """(indices, scores) of non_max_suppression; with soft_nms_sigma > 0, Soft-NMS: overlapping
    boxes have their scores decayed by exp(-iou^2 / (2 sigma)) instead of being dropped."""
    idx, kept, _ = _nms_v5(boxes, scores, max_output_size=int(_scalar(max_output_size,
                                                                       _dt.int32)),
                           iou_threshold=float(_scalar(iou_threshold)),
                           score_threshold=float(_scalar(score_threshold)),
                           soft_nms_sigma=float(_scalar(soft_nms_sigma)))
    return idx, kept


_DEFAULT_COLORS = np.array([[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1],
                            [0.5, 0, 0.5, 1], [0.5, 0.5, 0, 1], [0.5, 0, 0, 1], [0, 0, 0.5, 1],
                            [0, 1, 1, 1], [1, 0, 1, 1]], _F32)


def _draw(op, images, boxes, colors):
    if images.ndim != 4:
        raise _err(op, "The rank of the images should be 4")
    if boxes.ndim != 3:
        raise _err(op, "The rank of the boxes tensor should be 3")
    if images.shape[0] != boxes.shape[0]:
        raise _err(op, "The batch sizes should be the same")
    batch, height, width, depth = images.shape
    if depth not in (1, 3, 4):
        raise _err(op, "Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA)")
    if boxes.shape[2] != 4:
        raise _err(op, "The size of the third dimension of the box must be 4. Received: %d" %
                   boxes.shape[2])
    if colors is not None:
        if colors.ndim != 2:
            raise _err(op, "colors must be a 2-D matrix[%s]" % ",".join(map(str, colors.shape)))
        if colors.shape[1] < depth:
            raise _err(op, "colors must have equal or more channels than the image provided: "
                       "[%s]" % ",".join(map(str, colors.shape)))
    if colors is None or colors.size == 0:
        table = _DEFAULT_COLORS.copy()
        if depth == 1:
            table[:, 0] = 1
    else:
        table = colors.astype(_F32)
    table = table[:, :depth].astype(images.dtype)
    canvas = images.copy()
    corners = np.trunc(boxes.astype(_F32) * np.array([height - 1, width - 1] * 2, _F32))
    for b in range(batch):
        for k, (top, left, bottom, right) in enumerate(corners[b].astype(np.int64).tolist()):
            if top > bottom or left > right:
                continue  # an inverted box is not drawn
            if top >= height or bottom < 0 or left >= width or right < 0:
                continue  # nor one wholly outside the image
            colour = table[k % len(table)]
            rows = slice(max(top, 0), min(bottom, height - 1) + 1)
            cols = slice(max(left, 0), min(right, width - 1) + 1)
            if top >= 0:
                canvas[b, top, cols] = colour
            if bottom < height:
                canvas[b, bottom, cols] = colour
            if left >= 0:
                canvas[b, rows, left] = colour
            if right < width:
                canvas[b, rows, right] = colour
    return canvas


def _draw_default(images, boxes):
    return _draw("DrawBoundingBoxes", images, boxes, None)


def _draw_coloured(images, boxes, colors):
    return _draw("DrawBoundingBoxesV2", images, boxes, colors)


# (TF has CPU kernels only: host kernels, their inputs copied there)
_draw_v1 = Primitive("DrawBoundingBoxes", _draw_default, dtypes=_BOX_TYPES, match=(0,),
                     differentiable=False, host=True)
_draw_v2 = Primitive("DrawBoundingBoxesV2", _draw_coloured, dtypes=_BOX_TYPES, match=(0,),
                     differentiable=False, host=True)


@export("image.draw_bounding_boxes")
def draw_bounding_boxes(images, boxes, colors, name=None):
    """Draws the outlines of normalised boxes [y_min, x_min, y_max, x_max] on NHWC float images,
    box k in colour k (cycling through ``colors``; TF's ten defaults when colors is None)."""
    boxes = convert_to_tensor(boxes, dtype=_dt.float32)
    if colors is None:
        return _draw_v1(images, boxes)
    return _draw_v2(images, boxes, convert_to_tensor(colors, dtype=_dt.float32))
