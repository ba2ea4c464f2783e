"""Emulated tf.keras layers against the Keras 2 (TF 2.15) API documentation."""
import unittest

from tensorglot.runtime import tensorflow as tf

L = tf.keras.layers


class TestKeras(unittest.TestCase):
    def test_dense_kernel_in_out(self):
        # tf.keras.layers.Dense docs: kernel is (input_dim, units); output = activation(dot(input, kernel) + bias)
        d = L.Dense(2, use_bias=True)
        x = tf.constant([[1., 2., 3.]])
        d(x)
        self.assertEqual(d.kernel.shape.as_list(), [3, 2])
        d.set_weights([[[1., 0.], [0., 1.], [1., 1.]], [0.5, -0.5]])
        self.assertEqual(d(x).numpy().tolist(), [[4.5, 4.5]])
        self.assertEqual([w.name for w in d.weights], [f"{d.name}/kernel:0", f"{d.name}/bias:0"])

    def test_batchnorm_defaults_and_modes(self):
        # tf.keras.layers.BatchNormalization: axis=-1, momentum=0.99, epsilon=0.001;
        # training: batch stats, moving_mean = moving_mean * momentum + mean(batch) * (1 - momentum)
        bn = L.BatchNormalization()
        self.assertEqual((bn.axis, bn.momentum, bn.epsilon), (-1, 0.99, 0.001))
        x = tf.constant([[1., 2.], [3., 6.]])
        y = bn(x, training=True).numpy().tolist()
        self.assertAlmostEqual(y[0][0], -1 / (1.001 ** 0.5), places=5)
        self.assertTrue(all(abs(a - b) < 1e-6 for a, b in zip(bn.moving_mean.numpy().tolist(), [0.02, 0.04])))
        # inference: moving statistics (mean 0.02/0.04, variance 0.99 + 0.01 * [1, 4])
        z = bn(x, training=False).numpy().tolist()
        self.assertAlmostEqual(z[0][0], (1 - 0.02) / (1.0 + 0.001) ** 0.5, places=5)
        self.assertEqual(len(bn.trainable_weights), 2)
        self.assertEqual(len(bn.non_trainable_weights), 2)

    def test_first_input_by_keyword(self):
        # Keras base_layer.Layer.__call__ (tensorflow/python/keras/engine/base_layer.py): "Grab the argument
        # corresponding to the first argument in the layer's `call` method spec. This will either be the
        # first positional argument, or it will be provided as a keyword argument"; else ValueError
        class Attend(L.Layer):
            def call(self, query, key, value=None):
                return query + key * 2.0 + (0.0 if value is None else value)

        q, k = tf.constant([1.0, 2.0]), tf.constant([10.0, 20.0])
        self.assertEqual(Attend()(query=q, key=k, value=q).numpy().tolist(), [22.0, 44.0])
        with self.assertRaisesRegex(ValueError, "The first argument to `Layer.call` must always be passed"):
            Attend()(key=k)

    def test_layernorm_default_epsilon(self):
        # tf.keras.layers.LayerNormalization: epsilon=0.001 over the last axis
        ln = L.LayerNormalization()
        self.assertEqual(ln.epsilon, 0.001)
        y = ln(tf.constant([[1., 3.]])).numpy().tolist()[0]
        self.assertAlmostEqual(y[0], -1 / (1.001 ** 0.5), places=5)

    def test_conv2d_channels_last(self):
        # tf.keras.layers.Conv2D: data_format channels_last; kernel (kh, kw, in, filters)
        c = L.Conv2D(4, 3, padding="same")
        y = c(tf.ones((2, 5, 5, 3)))
        self.assertEqual(y.shape.as_list(), [2, 5, 5, 4])
        self.assertEqual(c.kernel.shape.as_list(), [3, 3, 3, 4])
        t = L.Conv2DTranspose(2, 3, strides=2, padding="same")
        self.assertEqual(t(tf.ones((1, 4, 4, 3))).shape.as_list(), [1, 8, 8, 2])
        self.assertEqual(t.kernel.shape.as_list(), [3, 3, 2, 3])
        v = L.Conv2DTranspose(2, 3, strides=2, padding="valid")
        self.assertEqual(v(tf.ones((1, 4, 4, 3))).shape.as_list(), [1, 9, 9, 2])

    def test_dropout_uses_training_flag(self):
        # tf.keras.layers.Dropout: only applied when training=True
        x = tf.ones((4, 8))
        self.assertEqual(L.Dropout(0.5)(x).numpy().tolist(), x.numpy().tolist())
        y = L.Dropout(0.5)(x, training=True).numpy().tolist()
        self.assertTrue(set(v for r in y for v in r) <= {0.0, 2.0})

    def test_training_flag_propagates_through_model(self):
        class Net(tf.keras.Model):
            def __init__(self):
                super().__init__()
                self.drop = L.Dropout(0.99)

            def call(self, x, training=None):
                return self.drop(x)
        net = Net()
        x = tf.ones((1, 50))
        self.assertEqual(net(x).numpy().tolist(), x.numpy().tolist())
        self.assertNotEqual(net(x, training=True).numpy().tolist(), x.numpy().tolist())

    def test_lstm_gru_weight_layouts(self):
        # tf.keras.layers.LSTM: kernel (in, 4u) gates i,f,c,o; unit_forget_bias=True
        lstm = L.LSTM(3)
        self.assertEqual(lstm(tf.ones((2, 4, 5))).shape.as_list(), [2, 3])
        k, rk, b = lstm.weights
        self.assertEqual((k.shape.as_list(), rk.shape.as_list(), b.numpy().tolist()),
                         ([5, 12], [3, 12], [0.0] * 3 + [1.0] * 3 + [0.0] * 6))
        # tf.keras.layers.GRU: reset_after=True -> bias shape (2, 3u)
        gru = L.GRU(3, return_sequences=True)
        self.assertEqual(gru(tf.ones((2, 4, 5))).shape.as_list(), [2, 4, 3])
        self.assertEqual(gru.weights[2].shape.as_list(), [2, 9])

    def test_lstm_cell_numbers(self):
        cell = L.LSTMCell(2)
        cell.build(tf.TensorShape([1, 1]))
        # zero kernels: gates = sigmoid(bias); forget bias is 1 (unit_forget_bias), g = tanh(0) = 0,
        # so c = sigmoid(1) * c_prev with c_prev = 1
        cell.kernel.assign(tf.zeros((1, 8)))
        cell.recurrent_kernel.assign(tf.zeros((2, 8)))
        h, (h2, c) = cell.call(tf.ones((1, 1)), [tf.zeros((1, 2)), tf.ones((1, 2))])
        sig1 = 1 / (1 + 2.718281828459045 ** -1)
        self.assertAlmostEqual(c.numpy().tolist()[0][0], sig1, places=5)

    def test_sequential_pooling_flatten(self):
        m = tf.keras.Sequential([L.MaxPooling2D(), L.Flatten()])
        x = tf.reshape(tf.range(16, dtype=tf.float32), (1, 4, 4, 1))
        self.assertEqual(m(x).numpy().tolist(), [[5.0, 7.0, 13.0, 15.0]])
        g = L.GlobalAveragePooling2D()(x)
        self.assertEqual(g.numpy().tolist(), [[7.5]])

    def test_embedding_and_mha(self):
        e = L.Embedding(10, 4)
        self.assertEqual(e(tf.constant([[1, 2, 3]])).shape.as_list(), [1, 3, 4])
        self.assertEqual(e.embeddings.shape.as_list(), [10, 4])
        mha = L.MultiHeadAttention(num_heads=2, key_dim=3)
        q = tf.ones((1, 4, 6))
        out, scores = mha(q, q, return_attention_scores=True)
        self.assertEqual((out.shape.as_list(), scores.shape.as_list()), ([1, 4, 6], [1, 2, 4, 4]))
        self.assertEqual(mha.query_kernel.shape.as_list(), [6, 2, 3])

    def test_custom_layer_tracks_variables_and_children(self):
        class Block(L.Layer):
            def __init__(self):
                super().__init__()
                self.lin = L.Dense(2)
                self.scale = tf.Variable([2.0, 2.0])

            def call(self, x):
                return self.lin(x) * self.scale
        b = Block()
        b(tf.ones((1, 3)))
        self.assertEqual(len(b.weights), 3)
        self.assertEqual(dict(b.named_parameters()).keys(), {"scale", "lin.kernel", "lin.bias"})


if __name__ == "__main__":
    unittest.main()
