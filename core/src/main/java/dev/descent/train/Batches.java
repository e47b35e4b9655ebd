package dev.descent.train;

import dev.descent.Tensor;
import dev.descent.data.Batch;
import dev.descent.data.DataLoader;
import dev.descent.nn.Module;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BinaryOperator;

/** A loader's mini-batches as a trainer's steps: forward, loss and backward on this machine. */
final class Batches implements GradientSource {
    private final DataLoader loader;

    Batches(DataLoader loader) {
        if (loader == null) {
            throw new IllegalArgumentException("fit: the training DataLoader is null");
        }
        this.loader = loader;
    }

    @Override
    public int steps() {
        return loader.numBatches();
    }

    @Override
    public int epoch() {
        return loader.epoch();
    }

    @Override
    public void setEpoch(int epoch) {
        loader.setEpoch(epoch);
    }

    @Override
    public Iterator<Step> epoch(Module model, BinaryOperator<Tensor> loss) {
        if (loader.numBatches() == 0) {
            throw new IllegalArgumentException("fit: the training DataLoader gives no batches (" + loader.dataset().size()
                    + " samples, batch size " + loader.options().batchSize() + ", dropLast " + loader.options().dropLast()
                    + "); use a smaller batch size or keep the last batch");
        }
        Iterator<Batch> batches = loader.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public Step next() {
                Batch batch = batches.next();
                Tensor output = model.forward(batch.features());
                Tensor value = loss.apply(output, batch.targets());
                double l = Trainer.scalar(value);
                value.backward();
                return new Step(l, batch.size(), output.detach(), batch.targets());
            }
        };
    }

    @Override
    public boolean hasOutputs() {
        return true;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        return loader.stateDict();
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        loader.loadStateDict(state);
    }
}
