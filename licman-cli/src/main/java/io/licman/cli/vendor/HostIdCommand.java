package io.licman.cli.vendor;

import io.licman.cli.CliEnvironment;
import io.licman.cli.ExitCodes;
import io.licman.core.hostid.HostId;
import io.licman.core.hostid.HostIds;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code licman hostid}: prints this machine's host ids for node-locking. */
@Command(name = "hostid", mixinStandardHelpOptions = true,
        description = {"Print this machine's host ids, most stable first, as a vendor pastes them into 'licman issue --hostid'.",
            "machine-id survives network and host name changes and is the best choice on VMs;",
            "a MAC changes when a VM is re-created or its NIC replaced; a host name can be changed by anyone with root."})
public final class HostIdCommand implements Callable<Integer> {

    private final CliEnvironment env;

    public HostIdCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        List<HostId> ids = HostIds.ofThisMachine();
        if (ids.isEmpty()) {
            env.err().println("licman hostid: this machine reports no host ids (no /etc/machine-id, no physical network card, no host name)");
            return ExitCodes.NEGATIVE;
        }
        ids.forEach(id -> env.out().println(id));
        return ExitCodes.OK;
    }
}
