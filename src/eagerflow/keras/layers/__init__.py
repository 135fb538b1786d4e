"""keras.layers: the Layer base class, Input/KerasTensor, and the built-in layers."""
from .layer import Layer
from .input_spec import InputSpec
from .keras_tensor import KerasTensor, KerasHistory, Node
from .input_layer import Input, InputLayer
from .core import (Dense, Activation, Identity, Dropout, Flatten, Reshape, Lambda, Embedding)
from .normalization import BatchNormalization, LayerNormalization
from .conv import Conv1D, Conv2D, Conv3D
from .pooling import (MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D,
                      GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D,
                      GlobalMaxPooling2D)
from .merge import (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, add,
                    concatenate)
from .rnn_cells import SimpleRNNCell, LSTMCell, GRUCell
from .rnn import RNN, SimpleRNN, LSTM, GRU

# Keras' aliases
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
MaxPool1D, MaxPool2D, AvgPool1D, AvgPool2D = MaxPooling1D, MaxPooling2D, AveragePooling1D, \
    AveragePooling2D
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D

__all__ = [n for n in dir() if not n.startswith("_")]
