package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Registration, PyTorch names, state dictionaries, modes and functional calls. */
class ModuleTest {
    private static Sequential mlp(long seed) {
        Random rng = new Random(seed);
        return new Sequential(new Linear(2, 3, rng), new ReLU(), new Linear(3, 1, rng));
    }

    /** Two children sharing one Linear, as tied weights do. */
    private static final class Tied extends Module {
        Tied(Linear shared) {
            registerModule("encoder", shared);
            registerModule("decoder", shared);
        }

        @Override
        public Tensor forward(Tensor input) {
            return input;
        }
    }

    @Test
    void aSequentialOfLinearReluLinearHasPyTorchsParameterNames() {
        Sequential model = mlp(0);
        assertThat(model.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
        Linear first = (Linear) model.get(0);
        Linear last = (Linear) model.get(2);
        assertThat(model.parameters()).containsExactly(first.weight(), first.bias(), last.weight(), last.bias());
        assertThat(model.parameters()).allMatch(Tensor::requiresGrad);
        assertThat(model.children()).containsExactly(first, model.get(1), last);
        assertThat(model.size()).isEqualTo(3);
    }

    @Test
    void nestedModulesJoinTheirNamesWithDots() {
        Random rng = new Random(0);
        Sequential model = new Sequential(new Sequential(new Linear(2, 2, rng), new Tanh()), new BatchNorm1d(2));
        assertThat(model.namedParameters().keySet()).containsExactly("0.0.weight", "0.0.bias", "1.weight", "1.bias");
        assertThat(model.stateDict().keySet()).containsExactly("0.0.weight", "0.0.bias", "1.weight", "1.bias",
                "1.running_mean", "1.running_var", "1.num_batches_tracked");
    }

    @Test
    void aSharedParameterIsListedOnceButSavedUnderEveryName() {
        Tied tied = new Tied(new Linear(2, 2, new Random(0)));
        assertThat(tied.namedParameters().keySet()).containsExactly("encoder.weight", "encoder.bias");
        assertThat(tied.parameters()).hasSize(2);
        assertThat(tied.stateDict().keySet())
                .containsExactly("encoder.weight", "encoder.bias", "decoder.weight", "decoder.bias");
    }

    @Test
    void aStateDictRoundTripGivesTheSameOutputsAndKeepsTheParametersInPlace() {
        Sequential source = mlp(1);
        Sequential target = mlp(2);
        List<Tensor> before = target.parameters();
        Tensor x = Tensor.randn(new Random(3), 5, 2);
        assertThat(target.forward(x).allClose(source.forward(x), 0, 0)).isFalse();

        target.loadStateDict(source.stateDict());

        assertThat(target.forward(x).toArray()).containsExactly(source.forward(x).toArray());
        assertThat(target.parameters()).containsExactlyElementsOf(before);
        assertThat(target.parameters()).allMatch(Tensor::requiresGrad);
        // The values were copied: changing the source afterwards leaves the target alone.
        Init.zeros(((Linear) source.get(0)).weight());
        assertThat(((Linear) target.get(0)).weight().toArray()).isNotEqualTo(new double[6]);
    }

    @Test
    void aStateDictSharesStorageButDoesNotRequireGrad() {
        Sequential model = mlp(0);
        Map<String, Tensor> state = model.stateDict();
        assertThat(state.values()).noneMatch(Tensor::requiresGrad);
        assertThat(state.get("0.weight").toArray()).containsExactly(((Linear) model.get(0)).weight().toArray());
    }

    @Test
    void loadStateDictListsMissingUnexpectedAndMismatchedKeysAndChangesNothing() {
        Sequential model = mlp(0);
        double[] weight = ((Linear) model.get(0)).weight().toArray();
        Map<String, Tensor> state = new LinkedHashMap<>(mlp(1).stateDict());
        state.remove("2.bias");
        state.put("2.bais", Tensor.zeros(1));
        state.put("0.weight", Tensor.zeros(2, 3));

        assertThatThrownBy(() -> model.loadStateDict(state))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("loadStateDict: missing keys [2.bias]; unexpected keys [2.bais]"
                        + " (the module has [0.weight, 0.bias, 2.weight, 2.bias]);"
                        + " shape mismatch: 0.weight has shape [2, 3] but the module's has shape [3, 2]");
        assertThat(((Linear) model.get(0)).weight().toArray()).containsExactly(weight);
    }

    @Test
    void loadStateDictRestoresBatchNormBuffers() {
        BatchNorm1d trained = new BatchNorm1d(2);
        trained.forward(Tensor.of(new double[][] {{1, 10}, {3, 30}}));
        BatchNorm1d fresh = new BatchNorm1d(2);
        fresh.loadStateDict(trained.stateDict());
        assertThat(fresh.stateDict().get("running_mean").toArray()).containsExactly(0.2, 2.0);
        assertThat(fresh.stateDict().get("num_batches_tracked").item()).isEqualTo(1.0);
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Dropout dropout = new Dropout(0.5, new Random(0));
        Sequential model = new Sequential(new Linear(2, 2, new Random(0)), new Sequential(dropout));
        assertThat(dropout.isTraining()).isTrue();
        assertThat(model.eval()).isSameAs(model);
        assertThat(dropout.isTraining()).isFalse();
        model.train();
        assertThat(dropout.isTraining()).isTrue();
        model.train(false);
        assertThat(model.isTraining()).isFalse();
    }

    @Test
    void zeroGradForgetsEveryParametersGradient() {
        Sequential model = mlp(0);
        model.forward(Tensor.ones(4, 2)).sum().backward();
        assertThat(model.parameters()).allMatch(p -> p.grad() != null);
        model.zeroGrad();
        assertThat(model.parameters()).allMatch(p -> p.grad() == null);
    }

    @Test
    void functionalCallSendsGradientsToTheReplacementsAndRestoresTheModule() {
        Linear layer = new Linear(2, 1, new Random(0));
        Tensor original = layer.weight();
        Tensor w = Tensor.of(new double[][] {{1, 2}}).requiresGrad(true);
        Tensor y = layer.functionalCall(Map.of("weight", w), Tensor.of(new double[][] {{3, 4}}));
        assertThat(y.item()).isEqualTo(11 + layer.bias().item());
        y.backward();
        assertThat(w.grad().toArray()).containsExactly(3, 4);
        assertThat(original.grad()).isNull();
        assertThat(layer.weight()).isSameAs(original);
        assertThatThrownBy(() -> layer.functionalCall(Map.of("weights", w), Tensor.zeros(2)))
                .hasMessageStartingWith("functionalCall: unexpected keys [weights]");
    }

    @Test
    void registrationRefusesBadNamesAndComputedTensors() {
        Tensor leaf = Tensor.zeros(2);
        assertThatThrownBy(() -> new Module() {
            {
                registerParameter("a.b", leaf);
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        }).hasMessage("registerParameter: name 'a.b' must be non-empty and contain no '.'");
        assertThatThrownBy(() -> new Module() {
            {
                registerParameter("w", Tensor.zeros(2));
                registerBuffer("w", Tensor.zeros(2));
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        }).hasMessage("registerBuffer: 'w' is already registered");
        Tensor computed = Tensor.ones(2).requiresGrad(true).mul(2);
        assertThatThrownBy(() -> new Module() {
            {
                registerParameter("w", computed);
            }

            @Override
            public Tensor forward(Tensor input) {
                return input;
            }
        }).hasMessage("registerParameter: 'w' was computed by 'mul'; a parameter must be a leaf, such as tensor.detach()");
    }

    @Test
    void printingShowsTheTreeOfModulesAsPyTorchDoes() {
        Sequential model = new Sequential(new Linear(2, 8, new Random(0)), new ReLU(), new Dropout(0.1, new Random(0)));
        assertThat(model.toString()).isEqualTo("""
                Sequential(
                  (0): Linear(in=2, out=8, bias=true)
                  (1): ReLU()
                  (2): Dropout(p=0.1)
                )""");
    }
}
