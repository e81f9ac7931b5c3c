package io.licman.server.policy;

/** A requester for tests: {@code who("alice").on("build01").at("10.1.2.3")}. */
record TestRequester(String user, String host, String display, String ip, String project) implements Requester {

    static TestRequester who(String user) {
        return new TestRequester(user, "ws1", ":0", "192.168.0.10", "");
    }

    TestRequester on(String host) {
        return new TestRequester(user, host, display, ip, project);
    }

    TestRequester at(String ip) {
        return new TestRequester(user, host, display, ip, project);
    }

    TestRequester display(String display) {
        return new TestRequester(user, host, display, ip, project);
    }

    TestRequester project(String project) {
        return new TestRequester(user, host, display, ip, project);
    }
}
