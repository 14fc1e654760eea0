package io.riffle.aws.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestBudgetTest {

    @Test
    void reservesUpToTheLimitAndNoFurther() {
        RequestBudget budget = new RequestBudget(100);
        assertThat(budget.tryReserve(60)).isTrue();
        assertThat(budget.tryReserve(41)).isFalse();
        assertThat(budget.inUseBytes()).isEqualTo(60);
        assertThat(budget.tryReserve(40)).isTrue();
        assertThat(budget.inUseBytes()).isEqualTo(100);
    }

    @Test
    void releasedBytesCanBeReservedAgain() {
        RequestBudget budget = new RequestBudget(100);
        assertThat(budget.tryReserve(100)).isTrue();
        budget.release(30);
        assertThat(budget.tryReserve(30)).isTrue();
        assertThat(budget.tryReserve(1)).isFalse();
    }

    @Test
    void releasingMoreThanReservedIsABug() {
        RequestBudget budget = new RequestBudget(100);
        budget.tryReserve(10);
        assertThatThrownBy(() -> budget.release(11)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBudgetedBodyGivesItsBytesBackWhenReleased() {
        RequestBudget budget = new RequestBudget(100);
        budget.tryReserve(64);
        BudgetedBody body = new BudgetedBody(new byte[50], budget, 64);
        body.retain();
        body.release();
        assertThat(budget.inUseBytes()).isEqualTo(64);
        body.release();
        assertThat(budget.inUseBytes()).isZero();
    }
}
