package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code linear} and {@code mlp:H1,H2} descriptions: parsing, building, and the round trip through describe(). */
class ArchitectureDescriptionTest {
    @Test
    void anMlpSpecBuildsLinearActivationLayersWithPyTorchNames() {
        Sequential model = Architecture.of("mlp:64,32", 64, 10).build(new Random(0));
        assertThat(model.namedParameters().keySet())
                .containsExactly("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
        assertThat(model.get(1)).isInstanceOf(ReLU.class);
        assertThat(((Linear) model.get(2)).weight().shape().dims()).containsExactly(32, 64);
        assertThat(model.forward(Tensor.zeros(5, 64)).shape().dims()).containsExactly(5, 10);
    }

    @Test
    void linearIsASingleLayer() {
        Sequential model = Architecture.of("linear", 13, 1).build(new Random(0));
        assertThat(model.size()).isEqualTo(1);
        assertThat(model.namedParameters().keySet()).containsExactly("0.weight", "0.bias");
        assertThat(Architecture.of("linear", 13, 1).isLinear()).isTrue();
    }

    @Test
    void dropoutFollowsEachHiddenActivationAndTheActivationIsChosenByName() {
        Architecture arch = Architecture.of("mlp:8,8", 4, 3).withActivation(Architecture.Activation.parse("tanh"))
                .withDropout(0.25);
        Sequential model = arch.build(new Random(1));
        assertThat(model.size()).isEqualTo(7);
        assertThat(model.get(1)).isInstanceOf(Tanh.class);
        assertThat(((Dropout) model.get(2)).p()).isEqualTo(0.25);
        assertThat(model.namedParameters().keySet())
                .containsExactly("0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias");
    }

    @Test
    void theSameSeedBuildsTheSameWeights() {
        Architecture arch = Architecture.of("mlp:16", 4, 2).withDropout(0.1);
        Sequential a = arch.build(new Random(42));
        Sequential b = arch.build(new Random(42));
        a.stateDict().forEach((name, t) -> assertThat(b.stateDict().get(name).toArray()).containsExactly(t.toArray()));
        assertThat(((Dropout) a.get(2)).seed()).isEqualTo(((Dropout) b.get(2)).seed());
    }

    @Test
    void describeWritesEverySettingAndParseReadsItBack() {
        Architecture arch = Architecture.of("mlp:64,64", 64, 10);
        assertThat(arch.describe()).isEqualTo("mlp:64,64;in=64;out=10;activation=relu;dropout=0.0");
        for (Architecture a : List.of(arch, arch.withActivation(Architecture.Activation.SIGMOID).withDropout(0.3),
                Architecture.of("linear", 13, 1), Architecture.of("mlp:7", 1, 1).withDropout(0.1 + 0.2))) {
            assertThat(Architecture.parse(a.describe())).isEqualTo(a);
        }
        assertThat(Architecture.parse("mlp:5 ; out=2; in=3").describe())
                .isEqualTo("mlp:5;in=3;out=2;activation=relu;dropout=0.0");
        assertThat(arch.model()).isEqualTo("mlp:64,64");
    }

    @Test
    void badModelSpecsSayWhatIsWrongAndWhatIsExpected() {
        assertThatThrownBy(() -> Architecture.of("mlp:64,x", 64, 10))
                .hasMessage("model mlp:64,x: 'x' is not a layer width; widths are whole numbers from 1, such as mlp:64,64");
        assertThatThrownBy(() -> Architecture.of("mlp:64,0", 64, 10))
                .hasMessageStartingWith("model mlp:64,0: '0' is not a layer width");
        assertThatThrownBy(() -> Architecture.of("mlp:64,,8", 64, 10))
                .hasMessageStartingWith("model mlp:64,,8: '' is not a layer width");
        assertThatThrownBy(() -> Architecture.of("mlp", 64, 10))
                .hasMessage("model mlp: mlp needs at least one hidden layer width, such as mlp:64,64");
        assertThatThrownBy(() -> Architecture.of("rnn:3", 64, 10))
                .hasMessage("model rnn:3: unknown model 'rnn:3'; expected linear, mlp:H1,H2,... such as mlp:64,64, or"
                        + " cnn:C1,C2,...|H1,... such as cnn:16,32|64");
        assertThatThrownBy(() -> Architecture.of("linear:4", 64, 10))
                .hasMessage("model linear:4: linear takes no layer widths; use mlp:4 for hidden layers");
        assertThatThrownBy(() -> Architecture.Activation.parse("gelu"))
                .hasMessage("activation gelu: unknown; expected relu, tanh or sigmoid");
        assertThatThrownBy(() -> Architecture.of("mlp:8", 4, 2).withDropout(1.0))
                .hasMessage("Architecture: dropout must be in [0, 1), got 1.0");
    }

    @Test
    void badDescriptionsNameThePartThatIsWrong() {
        assertThatThrownBy(() -> Architecture.parse("mlp:8;in=4"))
                .hasMessage("architecture mlp:8;in=4: 'out=N' is missing; a description names the number of inputs and"
                        + " outputs, such as mlp:64;in=64;out=10");
        assertThatThrownBy(() -> Architecture.parse("mlp:8;in=4;out=2;depth=3"))
                .hasMessage("architecture mlp:8;in=4;out=2;depth=3: 'depth=3' is not a setting; expected in=N, out=K,"
                        + " activation=relu|tanh|sigmoid or dropout=p");
        assertThatThrownBy(() -> Architecture.parse("mlp:8;in=4;out=2;in=5"))
                .hasMessage("architecture mlp:8;in=4;out=2;in=5: 'in' is given twice");
        assertThatThrownBy(() -> Architecture.parse("mlp:8;in=four;out=2"))
                .hasMessage("architecture mlp:8;in=four;out=2: in=four is not a number of features; expected a whole"
                        + " number from 1");
        assertThatThrownBy(() -> Architecture.parse("mlp:8;in=4;out=2;dropout=1.5"))
                .hasMessage("architecture mlp:8;in=4;out=2;dropout=1.5: dropout=1.5 is not a probability in [0, 1)");
        assertThatThrownBy(() -> Architecture.parse("mlp:8;in=4;out=2;activation=elu"))
                .hasMessage("architecture mlp:8;in=4;out=2;activation=elu: unknown activation 'elu'; expected relu,"
                        + " tanh or sigmoid");
        assertThatThrownBy(() -> Architecture.parse(" "))
                .hasMessage("architecture: the description is empty; expected a model and its sizes, such as"
                        + " mlp:64;in=64;out=10");
    }
}
