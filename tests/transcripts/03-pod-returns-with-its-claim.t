# A deleted pod comes back with the same name, the same hostname and the same
# claim (so the same volume and data); only its IP may change. It is a new object
# (a new UID): `describe` shows only its own events, `events --for` both pods'.
$ kubectl apply -f ../../examples/giropops.yaml
statefulset.apps/giropops created
service/nginx created
$ wait
cluster settled after 7.1s
$ kubectl get pvc www-giropops-1
NAME             STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
www-giropops-1   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
$ kubectl delete pod giropops-1
pod "giropops-1" deleted from default namespace
$ kubectl get pods
NAME         READY   STATUS              RESTARTS   AGE
giropops-0   1/1     Running             0          [..]
giropops-1   0/1     ContainerCreating   0          [..]
giropops-2   1/1     Running             0          [..]
$ wait
cluster settled after 2.8s
$ kubectl get pods
NAME         READY   STATUS    RESTARTS   AGE
giropops-0   1/1     Running   0          [..]
giropops-1   1/1     Running   0          [..]
giropops-2   1/1     Running   0          [..]
$ kubectl get pvc www-giropops-1
NAME             STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
www-giropops-1   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
$ kubectl describe pod giropops-1
Name:             giropops-1
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-2/172.18.0.3
Start Time:       Thu, 01 Jan 2026 00:00:09 +0000
Labels:           app=nginx
                  apps.kubernetes.io/pod-index=1
                  controller-revision-hash=giropops-[..]
                  statefulset.kubernetes.io/pod-name=giropops-1
Annotations:      <none>
Status:           Running
IP:               10.244.[..]
IPs:
  IP:           10.244.[..]
Controlled By:  StatefulSet/giropops
Containers:
  nginx:
    Image:          nginx
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Thu, 01 Jan 2026 00:00:09 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /usr/share/nginx/html from www (rw)
Conditions:
  Type                        Status
  PodScheduled                True 
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
Volumes:
  www:
    Type:        PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:   www-giropops-1
    ReadOnly:    false
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     <none>
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  [..]    default-scheduler  Successfully assigned default/giropops-1 to node-2
  Normal  Pulled     [..]    kubelet            Container image "nginx" already present on machine
  Normal  Created    [..]    kubelet            Created container: nginx
  Normal  Started    [..]    kubelet            Started container nginx
$ kubectl events --for pod/giropops-1
LAST SEEN   TYPE     REASON      OBJECT           MESSAGE
7s          Normal   Scheduled   Pod/giropops-1   Successfully assigned default/giropops-1 to node-2
7s          Normal   Pulled      Pod/giropops-1   Container image "nginx" already present on machine
7s          Normal   Created     Pod/giropops-1   Created container: nginx
6s          Normal   Started     Pod/giropops-1   Started container nginx
3s          Normal   Killing     Pod/giropops-1   Stopping container nginx
2s          Normal   Scheduled   Pod/giropops-1   Successfully assigned default/giropops-1 to node-2
2s          Normal   Pulled      Pod/giropops-1   Container image "nginx" already present on machine
2s          Normal   Created     Pod/giropops-1   Created container: nginx
1s          Normal   Started     Pod/giropops-1   Started container nginx
$ kubectl delete pod giropops-9
Error from server (NotFound): pods "giropops-9" not found
