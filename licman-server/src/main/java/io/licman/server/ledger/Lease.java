package io.licman.server.ledger;

/** One granted checkout: a member of a seat group, with its own deadline and secret. */
final class Lease {

    final long id;
    final long seq;
    final Secret secret;
    SeatGroup group;
    final ClientIdentity client;
    final int count;
    final long grantedAt;
    long deadline;
    final long borrowedUntil;
    /** Neighbours in the list of its client session's leases. */
    Lease prevOfClient;
    Lease nextOfClient;

    Lease(long id, long seq, Secret secret, SeatGroup group, ClientIdentity client, int count, long grantedAt,
          long deadline, long borrowedUntil) {
        this.id = id;
        this.seq = seq;
        this.secret = secret;
        this.group = group;
        this.client = client;
        this.count = count;
        this.grantedAt = grantedAt;
        this.deadline = deadline;
        this.borrowedUntil = borrowedUntil;
    }

    boolean isBorrowed() {
        return borrowedUntil != 0;
    }

    LeaseId leaseId() {
        return new LeaseId(id);
    }
}
