"""netmiko's cisco_asa driver, unmodified, against headend: argv = host port user password secret.

Prints one JSON object with what the driver saw, for netmiko.test.ts to check.
"""
import json
import sys

from netmiko import ConnectHandler

host, port, user, password, secret = sys.argv[1:6]
dev = ConnectHandler(
    device_type="cisco_asa", host=host, port=int(port), username=user, password=password,
    secret=secret, timeout=20, banner_timeout=20, auth_timeout=20, allow_agent=False,
    use_keys=False, fast_cli=False,
)
out = {"prompt": dev.find_prompt()}
out["run"] = dev.send_command("show running-config")
out["config"] = dev.send_config_set([
    "group-policy NETMIKO-GP internal",
    "group-policy NETMIKO-GP attributes",
    " banner value managed by netmiko",
    " vpn-simultaneous-logins 7",
])
out["after"] = dev.send_command("show running-config group-policy NETMIKO-GP")
out["save"] = dev.save_config()
out["startup"] = dev.send_command("show startup-config | include NETMIKO")
dev.disconnect()
print(json.dumps(out))
