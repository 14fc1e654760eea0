package io.riffle.aws.http;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * A request body on the heap whose bytes are counted in a {@link RequestBudget}: they are given
 * back when the buffer is released, by whichever handler or thread releases it last.
 */
final class BudgetedBody extends UnpooledHeapByteBuf {
    private final RequestBudget budget;
    private final long reservedBytes;

    /** Takes over {@code reservedBytes} already reserved in {@code budget} for {@code body}. */
    BudgetedBody(byte[] body, RequestBudget budget, long reservedBytes) {
        super(UnpooledByteBufAllocator.DEFAULT, body, body.length);
        this.budget = budget;
        this.reservedBytes = reservedBytes;
    }

    @Override
    protected void deallocate() {
        super.deallocate();
        budget.release(reservedBytes);
    }
}
