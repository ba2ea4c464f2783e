import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { moduleNameOf, translatedOutputsFiles, zipFiles } from '../lib/download';

describe('download helpers', () => {
  it('names the module after its first class or function, in snake_case', () => {
    expect(moduleNameOf('import torch\nclass SmallCNN(nn.Module):\n    pass\n')).toBe('small_cnn');
    expect(moduleNameOf('class LSTMLanguageModel:\n    pass\n')).toBe('lstm_language_model');
    expect(moduleNameOf('def pure_torch(x):\n    return x\nclass Later: pass\n')).toBe('pure_torch');
    expect(moduleNameOf('    def method(self): pass\n')).toBe('model'); // nested defs do not name a file
    expect(moduleNameOf('x = 1\n')).toBe('model');
  });

  it('lays the zip out like Translated_Outputs/', () => {
    const files = translatedOutputsFiles({
      source: 'class Net:\n    pass\n',
      from: 'torch',
      outputs: { tensorflow: 'import tensorflow as tf\n', jax: 'import jax\n' },
      notes: { jax: 'partial' },
    });
    expect(Object.keys(files).sort()).toEqual([
      'Translated_Outputs/README.md',
      'Translated_Outputs/jax_outputs/__init__.py',
      'Translated_Outputs/jax_outputs/net.py',
      'Translated_Outputs/source/net.py',
      'Translated_Outputs/tensorflow_outputs/__init__.py',
      'Translated_Outputs/tensorflow_outputs/net.py',
    ]);
    expect(files['Translated_Outputs/README.md']).toContain('`jax_outputs/net.py`: the jax version (partial)');
    const unzipped = unzipSync(zipFiles(files));
    expect(strFromU8(unzipped['Translated_Outputs/tensorflow_outputs/net.py'])).toBe('import tensorflow as tf\n');
    expect(strFromU8(unzipped['Translated_Outputs/source/net.py'])).toBe('class Net:\n    pass\n');
  });
});
