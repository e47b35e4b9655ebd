package dev.descent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TileTest {
    @Test
    void sixteenRegistersGetTheTallestTileThatLeavesTwoSpareInFloat64() {
        assertThat(Tile.choose(16, 8)).isEqualTo(Tile.T5x2);
        assertThat(Tile.T5x2.registers()).isEqualTo(13);
        assertThat(Tile.T6x2.registers() + Tile.SPARE_REGISTERS).isGreaterThan(16);
    }

    @Test
    void float32WithSixteenRegistersGetsFourByTwo() {
        assertThat(Tile.choose(16, 4)).isEqualTo(Tile.T4x2);
    }

    @Test
    void thirtyTwoRegistersGetSixByTwo() {
        assertThat(Tile.choose(32, 8)).isEqualTo(Tile.T6x2);
        assertThat(Tile.choose(32, 4)).isEqualTo(Tile.T6x2);
    }

    @Test
    void aMachineWithFewerRegistersFallsBackToFourByTwo() {
        assertThat(Tile.choose(8, 8)).isEqualTo(Tile.T4x2);
    }

    @Test
    void avx512AndAArch64CountThirtyTwoRegistersAndAvx2Sixteen() {
        String arch = System.getProperty("os.arch");
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        assertThat(Machine.vectorRegisters(512)).isEqualTo(32);
        assertThat(Machine.vectorRegisters(256)).isEqualTo(arm ? 32 : 16);
    }

    @Test
    void everyTileIsFoundByItsLabel() {
        for (Tile t : Tile.values()) {
            assertThat(Tile.parse(t.label())).isSameAs(t);
        }
    }
}
