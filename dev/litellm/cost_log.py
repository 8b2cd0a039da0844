"""
A LiteLLM callback (config.yaml, litellm_settings.callbacks) that appends what the proxy computed
for each successful call to the JSON-lines file named by LITELLM_COST_LOG: LiteLLM's own figure,
the one it would write to its spend logs, which the end-to-end spec compares with the popup.
Without that variable it does nothing.
"""

import json
import os

from litellm.integrations.custom_logger import CustomLogger


class CostLog(CustomLogger):
    async def async_log_success_event(self, kwargs, response_obj, start_time, end_time):
        path = os.environ.get("LITELLM_COST_LOG")
        if not path:
            return
        usage = getattr(response_obj, "usage", None)
        line = {
            "call_id": kwargs.get("litellm_call_id"),
            "model_group": (kwargs.get("litellm_params") or {}).get("metadata", {}).get("model_group"),
            "stream": bool(kwargs.get("stream")),
            "response_cost": kwargs.get("response_cost"),
            "prompt_tokens": getattr(usage, "prompt_tokens", None),
            "completion_tokens": getattr(usage, "completion_tokens", None),
        }
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps(line) + "\n")


cost_log = CostLog()
